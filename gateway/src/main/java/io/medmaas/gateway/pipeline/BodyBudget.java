package io.medmaas.gateway.pipeline;

import io.medmaas.gateway.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request-body bytes the gateway holds at once, over all requests: a body is read only while
 * the total stays under {@code medmaas.limits.bodies-in-flight}, so that many large bodies at once
 * cannot exhaust the heap; past it a request gets 503 with {@code Retry-After}.
 */
@ApplicationScoped
public class BodyBudget {

  @Inject GatewayConfig config;

  private final AtomicLong held = new AtomicLong();

  /** Takes {@code bytes} from the budget; false (nothing taken) when they do not fit. */
  boolean take(long bytes) {
    long limit = config.limits().bodiesInFlight().asLongValue();
    while (true) {
      long now = held.get();
      if (now + bytes > limit) {
        return false;
      }
      if (held.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    held.addAndGet(-bytes);
  }

  /** Bytes held now. */
  public long held() {
    return held.get();
  }
}
