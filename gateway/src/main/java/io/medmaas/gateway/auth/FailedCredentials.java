package io.medmaas.gateway.auth;

import io.medmaas.gateway.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed credentials (bad tokens, bad API keys) per client address, in fixed one-minute windows: an
 * address past {@code medmaas.limits.failed-credentials} in a window gets 429 for every credential
 * it sends until the window ends, before anything is verified or looked up. This is the client
 * address's own limit, apart from any tenant's: a request that fails authentication uses no
 * tenant's quota.
 */
@ApplicationScoped
public class FailedCredentials {

  static final long WINDOW_MILLIS = 60_000;
  static final int MAX_ADDRESSES = 100_000;

  private record Window(long startMillis, int failures) {}

  @Inject GatewayConfig config;

  private final Map<String, Window> byAddress = new ConcurrentHashMap<>();

  /** Seconds until {@code address} may try again; 0 when it may now. */
  long throttledFor(String address) {
    if (address == null) {
      return 0;
    }
    Window window = byAddress.get(address);
    long now = System.currentTimeMillis();
    if (window == null
        || now - window.startMillis >= WINDOW_MILLIS
        || window.failures < config.limits().failedCredentials()) {
      return 0;
    }
    return Math.max(1, (window.startMillis + WINDOW_MILLIS - now + 999) / 1000);
  }

  /** Forgets every address's failures (an operator's reset, and between tests). */
  public void clear() {
    byAddress.clear();
  }

  void failed(String address) {
    if (address == null) {
      return;
    }
    long now = System.currentTimeMillis();
    if (byAddress.size() >= MAX_ADDRESSES) {
      byAddress.values().removeIf(w -> now - w.startMillis >= WINDOW_MILLIS);
      if (byAddress.size() >= MAX_ADDRESSES) {
        byAddress.clear();
      }
    }
    byAddress.merge(
        address,
        new Window(now, 1),
        (old, fresh) ->
            now - old.startMillis >= WINDOW_MILLIS
                ? fresh
                : new Window(old.startMillis, old.failures + 1));
  }
}
