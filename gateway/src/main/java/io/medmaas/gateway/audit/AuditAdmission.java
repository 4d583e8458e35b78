package io.medmaas.gateway.audit;

import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.pipeline.Exchange;
import io.medmaas.gateway.pipeline.Phase;
import io.medmaas.gateway.pipeline.Rejection;
import io.medmaas.gateway.pipeline.Stage;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Refuses a request before it is carried out when its audit record could not be written now (the
 * store failed a moment ago, or the queue is full): 503 with {@code Retry-After}, and nothing has
 * happened, so repeating it is safe.
 */
@ApplicationScoped
public class AuditAdmission implements Stage {

  private static final Future<Void> GO_ON = Future.succeededFuture();

  @Inject AuditWriter writer;

  @Override
  public Phase phase() {
    return Phase.ADMIT;
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    if (exchange.route().audited() && !writer.admits(exchange.caller() != null)) {
      throw new Rejection(
              ProblemType.UNAVAILABLE,
              "The request cannot be audited now, so it was not carried out; retry shortly")
          .with("Retry-After", "1");
    }
    return GO_ON;
  }
}
