package io.medmaas.gateway.auth;

import io.medmaas.gateway.tenant.TenantDirectory;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller at the gateway: tenant (from the verified token's issuer), subject (the
 * user name, or the client id for machine-to-machine tokens) and roles.
 */
public record GatewayCaller(
    String tenant, String subject, Set<String> roles, Set<String> entitled) {

  private static final String SERVICE_ACCOUNT_PREFIX = "service-account-";

  public static Optional<GatewayCaller> from(SecurityIdentity identity, TenantDirectory tenants) {
    if (identity == null
        || identity.isAnonymous()
        || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
      return Optional.empty();
    }
    return tenants
        .cached(jwt.getIssuer())
        .map(
            tenant ->
                new GatewayCaller(
                    tenant.id(),
                    subjectOf(jwt),
                    Set.copyOf(identity.getRoles()),
                    tenant.entitled()));
  }

  private static String subjectOf(JsonWebToken jwt) {
    String username = jwt.getClaim("preferred_username");
    String clientId = jwt.getClaim("azp");
    if (username != null && username.startsWith(SERVICE_ACCOUNT_PREFIX) && clientId != null) {
      return clientId;
    }
    return username != null ? username : jwt.getSubject();
  }
}
