package io.medmaas.tenancy.tenant.api;

import io.medmaas.tenancy.tenant.store.Tenant;
import java.util.List;

/** A tenant as the API shows it. */
public record TenantView(
    String id,
    String displayName,
    String issuer,
    String audience,
    String status,
    List<String> entitlements) {

  public static TenantView from(Tenant t) {
    return new TenantView(
        t.id,
        t.displayName,
        t.issuer,
        t.audience,
        t.status.name(),
        t.entitlements.stream().sorted().toList());
  }
}
