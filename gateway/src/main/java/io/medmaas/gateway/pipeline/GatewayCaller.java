package io.medmaas.gateway.pipeline;

import java.util.Set;

/**
 * The caller of a request as the gateway resolved it, once, from its verified credential: the
 * tenant it acts for, who it is, its medmaas roles and the platform models its tenant is entitled
 * to. Every later stage reads this; none looks at the credential again.
 *
 * @param tenant the tenant id (the platform's own for platform users)
 * @param subject the identity provider's {@code sub}
 * @param username the user name for display ({@code preferred_username}), if any
 * @param clientId the OAuth client the token was issued to ({@code azp}), if any
 * @param tokenId the credential's id (the token's {@code jti}), if any
 * @param roles the medmaas roles the caller holds
 * @param entitled the platform models the tenant is entitled to
 */
public record GatewayCaller(
    String tenant,
    String subject,
    String username,
    String clientId,
    String tokenId,
    Set<String> roles,
    Set<String> entitled) {

  public GatewayCaller {
    roles = Set.copyOf(roles);
    entitled = Set.copyOf(entitled);
  }

  public boolean hasAnyRole(Set<String> wanted) {
    for (String role : wanted) {
      if (roles.contains(role)) {
        return true;
      }
    }
    return false;
  }
}
