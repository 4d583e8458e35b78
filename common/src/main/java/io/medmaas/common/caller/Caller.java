package io.medmaas.common.caller;

import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who an internal request acts for, read from the gateway's verified internal token. This is the
 * one place where internal services learn the tenant: never from a path or query parameter.
 */
@RequestScoped
public class Caller {

  @Inject SecurityIdentity identity;

  /** The tenant of the request, or empty for the gateway's own service calls. */
  public Optional<String> tenant() {
    return claim(InternalToken.TENANT_CLAIM);
  }

  /** The tenant of the request; a token without one cannot act on tenant data. */
  public String requireTenant() {
    return tenant()
        .orElseThrow(
            () -> new ProblemException(ProblemType.FORBIDDEN, "The request carries no tenant"));
  }

  public String subject() {
    return identity.isAnonymous() ? null : identity.getPrincipal().getName();
  }

  public Optional<String> requestId() {
    return claim(InternalToken.REQUEST_ID_CLAIM);
  }

  public boolean hasRole(String role) {
    return identity.hasRole(role);
  }

  private Optional<String> claim(String name) {
    if (identity.getPrincipal() instanceof JsonWebToken jwt) {
      Object value = jwt.getClaim(name);
      if (value instanceof JsonString json) {
        value = json.getString();
      }
      return Optional.ofNullable(value).map(Object::toString).filter(s -> !s.isBlank());
    }
    return Optional.empty();
  }
}
