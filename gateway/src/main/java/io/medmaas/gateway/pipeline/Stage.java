package io.medmaas.gateway.pipeline;

import io.vertx.core.Future;

/** One stage of the gateway's pipeline: one job, in its {@link Phase}. */
public interface Stage {

  Phase phase();

  /**
   * Does the stage's job. Completes when the request may go on (or the stage has set the answer);
   * fails with a {@link Rejection} to answer the request at once.
   */
  Future<Void> apply(Exchange exchange);
}
