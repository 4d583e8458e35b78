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
 * challenge (RFC 6750); two kinds at once are 400; an address that sent too many failed credentials
 * lately gets 429 ({@link FailedCredentials}) before its credential is looked at.
 */
@ApplicationScoped
public class Authentication implements Stage {

  private static final Future<Void> GO_ON = Future.succeededFuture();

  private final List<Credential> credentials;
  private final FailedCredentials failures;

  @Inject
  Authentication(Instance<Credential> credentials, FailedCredentials failures) {
    this.credentials = credentials.stream().toList();
    this.failures = failures;
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
    List<Credential> present =
        credentials.stream().filter(c -> c.presentIn(exchange.request())).toList();
    if (present.size() > 1) {
      throw new Rejection(
          ProblemType.MALFORMED_REQUEST,
          "Send one credential: a bearer token or an API key (X-API-Key), not both");
    }
    if (present.size() == 1) {
      String address = FailedCredentials.clientOf(exchange);
      return present
          .get(0)
          .authenticate(exchange)
          .recover(
              refused -> {
                if (!(refused instanceof Rejection r) || r.type() != ProblemType.UNAUTHENTICATED) {
                  return Future.failedFuture(refused);
                }
                // a credential that verifies is never held back by others' failures from the
                // same address (a hospital's NAT, a load balancer); one that fails, past the
                // address's allowance, is answered 429 instead of 401
                long wait = failures.failed(address);
                return Future.failedFuture(
                    wait == 0
                        ? refused
                        : new Rejection(
                                ProblemType.TOO_MANY_REQUESTS,
                                "Too many failed credentials from this address; retry in "
                                    + wait
                                    + " s")
                            .with("Retry-After", String.valueOf(wait)));
              })
          .map(
              caller -> {
                exchange.caller(caller);
                return null;
              });
    }
    return Future.failedFuture(
        new Rejection(ProblemType.UNAUTHENTICATED, "A valid bearer token is required")
            .with("WWW-Authenticate", "Bearer realm=\"medmaas\""));
  }
}
