package io.medmaas.gateway.auth;

import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.pipeline.Exchange;
import io.medmaas.gateway.pipeline.Phase;
import io.medmaas.gateway.pipeline.Rejection;
import io.medmaas.gateway.pipeline.Stage;
import io.medmaas.gateway.routes.Access;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Authenticates the request with whichever {@link Credential} it carries and resolves its caller,
 * once; public routes need none. No credential at all is 401 with a {@code WWW-Authenticate}
 * challenge (RFC 6750).
 */
@ApplicationScoped
public class Authentication implements Stage {

  private static final Future<Void> GO_ON = Future.succeededFuture();

  private final List<Credential> credentials;

  @Inject
  Authentication(Instance<Credential> credentials) {
    this.credentials = credentials.stream().toList();
  }

  @Override
  public Phase phase() {
    return Phase.AUTHENTICATE;
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    if (exchange.route().access() == Access.PUBLIC) {
      return GO_ON;
    }
    for (Credential credential : credentials) {
      if (credential.presentIn(exchange.request())) {
        return credential
            .authenticate(exchange)
            .map(
                caller -> {
                  exchange.caller(caller);
                  return null;
                });
      }
    }
    return Future.failedFuture(
        new Rejection(ProblemType.UNAUTHENTICATED, "A valid bearer token is required")
            .with("WWW-Authenticate", "Bearer realm=\"medmaas\""));
  }
}
