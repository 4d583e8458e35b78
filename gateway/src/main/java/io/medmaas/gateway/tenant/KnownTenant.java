package io.medmaas.gateway.tenant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Set;

/** A tenant as the gateway needs it: whose tokens, for which audience, whether accepted. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KnownTenant(
    String id,
    String displayName,
    String issuer,
    String audience,
    String status,
    List<String> entitlements) {

  /** The platform models the tenant is entitled to. */
  public Set<String> entitled() {
    return entitlements == null ? Set.of() : Set.copyOf(entitlements);
  }

  public boolean active() {
    return "active".equals(status);
  }
}
