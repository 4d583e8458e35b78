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

  /** Takes a slot; false (nothing taken) when the tenant's share is in use. */
  boolean tryAcquire(String tenant, int limit) {
    AtomicInteger count = underWay.computeIfAbsent(tenant, t -> new AtomicInteger());
    int share = share(limit);
    while (true) {
      int now = count.get();
      if (now >= share) {
        return false;
      }
      if (count.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  void release(String tenant) {
    AtomicInteger count = underWay.get(tenant);
    if (count != null) {
      count.decrementAndGet();
    }
  }

  int underWay(String tenant) {
    AtomicInteger count = underWay.get(tenant);
    return count == null ? 0 : count.get();
  }
}
