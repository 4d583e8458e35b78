package io.medmaas.gateway.quota;

import io.medmaas.gateway.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each tenant's requests under way on this gateway, at most its share of the tenant's limit (the
 * limit divided by {@code medmaas.quotas.replicas}, at least one), so one tenant cannot hold every
 * connection to inference.
 */
@ApplicationScoped
public class ConcurrentRequests {

  @Inject GatewayConfig config;

  private final Map<String, AtomicInteger> underWay = new ConcurrentHashMap<>();

  /** This gateway's share of a limit. */
  int share(int limit) {
    return Math.max(1, limit / Math.max(1, config.quotas().replicas()));
  }

  /**
   * Takes a slot; false (nothing taken) when the holder's share is in use. Counts are kept only
   * while requests are under way (a holder with none is forgotten), so the keys that come and go
   * leave nothing behind.
   */
  boolean tryAcquire(String holder, int limit) {
    int share = share(limit);
    boolean[] taken = {false};
    underWay.compute(
        holder,
        (h, count) -> {
          AtomicInteger now = count == null ? new AtomicInteger() : count;
          if (now.get() < share) {
            now.incrementAndGet();
            taken[0] = true;
          }
          return now.get() == 0 ? null : now;
        });
    return taken[0];
  }

  void release(String holder) {
    underWay.computeIfPresent(holder, (h, count) -> count.decrementAndGet() <= 0 ? null : count);
  }
}
