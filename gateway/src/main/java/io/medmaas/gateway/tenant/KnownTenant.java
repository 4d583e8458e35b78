package io.medmaas.gateway.tenant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant as the gateway needs it: whose tokens, for which audience, whether accepted, and how its
 * identity provider names medmaas's roles ({@code roleMapping}: IdP role to medmaas role; null when
 * the provider uses medmaas's names).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KnownTenant(
    String id,
    String displayName,
    String issuer,
    String audience,
    String status,
    List<String> entitlements,
    Map<String, String> roleMapping) {

  /** The platform models the tenant is entitled to. */
  public Set<String> entitled() {
    return entitlements == null ? Set.of() : Set.copyOf(entitlements);
  }

  /** The medmaas role an IdP role stands for, as the tenant maps it. */
  public String medmaasRole(String idpRole) {
    return roleMapping == null ? idpRole : roleMapping.get(idpRole);
  }

  public boolean active() {
    return "active".equals(status);
  }
}
