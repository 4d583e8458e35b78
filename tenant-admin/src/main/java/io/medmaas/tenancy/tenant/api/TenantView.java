package io.medmaas.tenancy.tenant.api;

import io.medmaas.tenancy.tenant.store.Tenant;
import java.util.List;
import java.util.Map;

/** A tenant as the API shows it. */
public record TenantView(
    String id,
    String displayName,
    String issuer,
    String audience,
    String status,
    List<String> entitlements,
    Map<String, String> roleMapping) {

  public static TenantView from(Tenant t) {
    return new TenantView(
        t.id,
        t.displayName,
        t.issuer,
        t.audience,
        t.status.name(),
        t.entitlements.stream().sorted().toList(),
        t.roleMapping == null ? null : Map.copyOf(t.roleMapping));
  }
}
