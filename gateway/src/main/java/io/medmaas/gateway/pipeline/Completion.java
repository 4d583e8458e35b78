package io.medmaas.gateway.pipeline;

import io.vertx.core.Future;

/**
 * Runs for every request once its answer is known and before it leaves, whatever stage produced the
 * answer: the access audit. A failure replaces the answer with 503.
 */
public interface Completion {

  Future<Void> complete(Exchange exchange);
}
