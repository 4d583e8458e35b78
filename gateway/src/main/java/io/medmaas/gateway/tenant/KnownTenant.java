package io.medmaas.gateway.tenant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant as the gateway needs it: whose tokens, for which audiences (any one), whether accepted,
 * where its tokens carry role names ({@code rolesClaim}, a claim or a dotted path into nested
 * objects) and how its identity provider names medmaas's roles ({@code roleMapping}: IdP role to
 * medmaas role; null when the provider uses medmaas's names).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KnownTenant(
    String id,
    String displayName,
    String issuer,
    List<String> audiences,
    String rolesClaim,
    String status,
    List<String> entitlements,
    Map<String, String> roleMapping,
    QuotaLimits limits) {

  /**
   * The tenant's limits as tenant-admin computed them from its plan and overrides; null when it
   * sent none (the platform's own tenant).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record QuotaLimits(
      double ratePerSecond,
      int burst,
      long dailyInstances,
      long monthlyInstances,
      int maxBatch,
      int maxConcurrent) {}

  /** The platform models the tenant is entitled to. */
  public Set<String> entitled() {
    return entitlements == null ? Set.of() : Set.copyOf(entitlements);
  }

  /** The medmaas role an IdP role stands for, as the tenant maps it. */
  public String medmaasRole(String idpRole) {
    return roleMapping == null ? idpRole : roleMapping.get(idpRole);
  }

  /** Keycloak's place for realm roles, when a tenant names none. */
  public static final String DEFAULT_ROLES_CLAIM = "realm_access.roles";

  public KnownTenant {
    audiences = audiences == null ? List.of() : List.copyOf(audiences);
    rolesClaim = rolesClaim == null ? DEFAULT_ROLES_CLAIM : rolesClaim;
  }

  /** The names of the nested claims that lead to the role names. */
  public String[] rolesClaimPath() {
    return rolesClaim.split("\\.");
  }

  public boolean active() {
    return "active".equals(status);
  }
}
