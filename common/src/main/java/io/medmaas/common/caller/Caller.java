package io.medmaas.common.caller;

import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who an internal request acts for, read from the gateway's verified internal token. This is the
 * one place where internal services learn the tenant: never from a path or query parameter.
 */
@RequestScoped
public class Caller {

  @Inject SecurityIdentity identity;
  @Inject CurrentVertxRequest request;

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

  /** The caller's subject at its identity provider ({@code sub}), or null for none. */
  public String subject() {
    return identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getSubject() : null;
  }

  /** The caller's user name for display (the token's {@code preferred_username}). */
  public Optional<String> username() {
    return claim(InternalToken.USERNAME_CLAIM);
  }

  /** Who made a change, for display: the user name, else the subject. */
  public String displayName() {
    return username().orElseGet(this::subject);
  }

  /** The gateway's request id, from the {@code X-Request-Id} header of the internal call. */
  public Optional<String> requestId() {
    RoutingContext current = request.getCurrent();
    String header =
        current == null ? null : RequestIds.safe(current.request().getHeader(RequestIds.HEADER));
    return header != null ? Optional.of(header) : claim(InternalToken.REQUEST_ID_CLAIM);
  }

  /** The platform models the caller's tenant is entitled to (empty when the token lists none). */
  public Set<String> entitledModels() {
    if (identity.getPrincipal() instanceof JsonWebToken jwt
        && jwt.getClaim(InternalToken.ENTITLED_CLAIM) instanceof JsonArray models) {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < models.size(); i++) {
        if (models.get(i) instanceof JsonString name) {
          names.add(name.getString());
        }
      }
      return Set.copyOf(names);
    }
    return Set.of();
  }

  /** The tenant's batch limit, as the gateway put it in the internal token; empty when none. */
  public java.util.OptionalInt maxBatch() {
    if (identity.getPrincipal() instanceof JsonWebToken jwt
        && jwt.getClaim(InternalToken.MAX_BATCH_CLAIM) instanceof jakarta.json.JsonNumber limit
        && limit.isIntegral()
        && limit.intValue() > 0) {
      return java.util.OptionalInt.of(limit.intValue());
    }
    return java.util.OptionalInt.empty();
  }

  /** The caller's medmaas roles, as the internal token carries them. */
  public Set<String> roles() {
    return identity.getRoles();
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
