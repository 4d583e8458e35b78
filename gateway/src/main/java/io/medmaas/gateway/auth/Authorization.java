package io.medmaas.gateway.auth;

import io.medmaas.common.apikey.ApiKeyScopes;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.pipeline.Exchange;
import io.medmaas.gateway.pipeline.GatewayCaller;
import io.medmaas.gateway.pipeline.Phase;
import io.medmaas.gateway.pipeline.Rejection;
import io.medmaas.gateway.pipeline.Stage;
import io.medmaas.gateway.routes.Access;
import io.medmaas.gateway.routes.Route;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Checks the route's roles against the caller's (an API key's scopes against the route's action).
 * Whether a tenant may use a platform model (its entitlements) is decided by the registry and
 * inference from the internal token, which carries the entitlements the caller was resolved with
 * (ADR 0006).
 */
@ApplicationScoped
public class Authorization implements Stage {

  private static final Future<Void> GO_ON = Future.succeededFuture();

  @Override
  public Phase phase() {
    return Phase.AUTHORIZE;
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    Route route = exchange.route();
    GatewayCaller caller = exchange.caller();
    if (route.access() != Access.ROLES) {
      return GO_ON;
    }
    if (caller.key() != null) {
      return authorizeKey(exchange, route, caller);
    }
    if (!caller.hasAnyRole(route.roles())) {
      throw new Rejection(ProblemType.FORBIDDEN, "The caller's roles do not allow this action");
    }
    return GO_ON;
  }

  /**
   * An API key may do what its scopes name, on the models it is limited to, and nothing else; the
   * internal service then sees the one role that lets it serve that (the key's caller has none of
   * its own).
   */
  private static Future<Void> authorizeKey(Exchange exchange, Route route, GatewayCaller caller) {
    String model = exchange.match().param("model");
    if (!ApiKeyScopes.allows(
        caller.key().scopes(), caller.key().models(), route.permits(), model)) {
      throw new Rejection(ProblemType.FORBIDDEN, "The API key's scopes do not allow this action");
    }
    String role = ApiKeyScopes.internalRole(route.permits()).orElseThrow();
    exchange.caller(caller.withRoles(Set.of(role)));
    return GO_ON;
  }
}
