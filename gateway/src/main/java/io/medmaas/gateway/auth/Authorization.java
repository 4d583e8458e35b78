package io.medmaas.gateway.auth;

import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.pipeline.Exchange;
import io.medmaas.gateway.pipeline.Phase;
import io.medmaas.gateway.pipeline.Rejection;
import io.medmaas.gateway.pipeline.Stage;
import io.medmaas.gateway.routes.Access;
import io.medmaas.gateway.routes.Route;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks the route's roles against the caller's. Whether a tenant may use a platform model (its
 * entitlements) is decided by the registry and inference from the internal token, which carries the
 * entitlements the caller was resolved with (ADR 0006).
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
    if (route.access() == Access.ROLES && !exchange.caller().hasAnyRole(route.roles())) {
      throw new Rejection(ProblemType.FORBIDDEN, "The caller's roles do not allow this action");
    }
    return GO_ON;
  }
}
