package io.medmaas.tenancy.tenant.api;

import io.medmaas.tenancy.quota.api.Limits;
import io.medmaas.tenancy.tenant.store.Tenant;
import java.util.List;
import java.util.Map;

/** A tenant as the gateway needs it to accept or refuse its tokens, and the limits it enforces. */
public record DirectoryEntry(
    String id,
    String displayName,
    String issuer,
    List<String> audiences,
    String rolesClaim,
    String status,
    List<String> entitlements,
    Map<String, String> roleMapping,
    Limits limits) {

  public static DirectoryEntry from(Tenant t, Limits limits) {
    return new DirectoryEntry(
        t.id,
        t.displayName,
        t.issuer,
        List.of(t.audiences),
        t.rolesClaim,
        t.status.name(),
        t.entitlements.stream().sorted().toList(),
        t.roleMapping == null ? null : Map.copyOf(t.roleMapping),
        limits);
  }
}
