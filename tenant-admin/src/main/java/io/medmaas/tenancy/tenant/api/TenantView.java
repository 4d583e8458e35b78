package io.medmaas.tenancy.tenant.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.medmaas.tenancy.tenant.store.Tenant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tenant as the administration API shows it (and as its change records hold it: it carries no
 * secret).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantView(
    String id,
    String displayName,
    String contact,
    String issuer,
    List<String> audiences,
    String rolesClaim,
    Map<String, String> roleMapping,
    String plan,
    String status,
    Instant createdAt,
    Instant updatedAt,
    Instant deletedAt) {

  public static TenantView from(Tenant t) {
    return new TenantView(
        t.id,
        t.displayName,
        t.contact,
        t.issuer,
        List.of(t.audiences),
        t.rolesClaim,
        t.roleMapping == null ? null : new TreeMap<>(t.roleMapping),
        t.plan.name(),
        t.status.name(),
        t.createdAt,
        t.updatedAt,
        t.deletedAt);
  }
}
