package io.medmaas.gateway.pipeline;

import io.vertx.core.Future;

/**
 * Answers a route from what the gateway itself holds, with no internal call (a route's {@code
 * answeredBy(name)}). Its answer, or its {@link Rejection}, goes through the rest of the pipeline
 * like a service's.
 */
public interface LocalAnswerer {

  /** The name routes give in {@code answeredBy}. */
  String name();

  /** The answer to {@code exchange}, or a failed future with a {@link Rejection}. */
  Future<Answer> answer(Exchange exchange);
}
