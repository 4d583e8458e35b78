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

  /**
   * Whose allowance an address counts against: an IPv4 address itself; an IPv6 address's /64 (one
   * site's network, which a caller can fill with addresses of its own); anything else that came as
   * a client's address (a forwarded header's odd value) one shared allowance, never a key of its
   * own. Null for none.
   */
  static String keyOf(String address) {
    if (address == null || address.isEmpty()) {
      return null;
    }
    if (address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
      return address;
    }
    if (address.length() <= 45 && address.matches("[0-9A-Fa-f:.]+") && address.contains(":")) {
      try {
        // a literal only (checked above): no name is looked up
        java.net.InetAddress parsed = java.net.InetAddress.getByName(address);
        if (parsed instanceof java.net.Inet6Address) {
          byte[] bytes = parsed.getAddress();
          return java.util.HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        }
        return parsed.getHostAddress();
      } catch (java.net.UnknownHostException e) {
        return UNREADABLE;
      }
    }
    return UNREADABLE;
  }

  /** The client's address of a request, as the connection (or a trusted proxy) names it. */
  static String clientOf(io.medmaas.gateway.pipeline.Exchange exchange) {
    var remote = exchange.request().remoteAddress();
    return remote == null ? null : remote.hostAddress();
  }

  /** The one allowance of every client address that is not an IP address. */
  static final String UNREADABLE = "unreadable";

  /** Forgets every address's failures (an operator's reset, and between tests). */
  public void clear() {
    byAddress.clear();
  }

  /**
   * The seconds {@code address} must wait before it is answered again, without counting anything: 0
   * while it is within its allowance.
   */
  public long waitOf(String address) {
    String key = keyOf(address);
    Window window = key == null ? null : byAddress.get(key);
    long now = System.currentTimeMillis();
    if (window == null
        || now - window.startMillis >= WINDOW_MILLIS
        || window.failures <= config.limits().failedCredentials()) {
      return 0;
    }
    return Math.max(1, (window.startMillis + WINDOW_MILLIS - now + 999) / 1000);
  }

  /**
   * Counts a failed credential of {@code address}; the seconds it must wait before its failures are
   * answered 401 again, 0 while it is within its allowance.
   */
  public long failed(String client) {
    String address = keyOf(client);
    if (address == null) {
      return 0;
    }
    long now = System.currentTimeMillis();
    if (byAddress.size() >= MAX_ADDRESSES && !byAddress.containsKey(address)) {
      byAddress.values().removeIf(w -> now - w.startMillis >= WINDOW_MILLIS);
      if (byAddress.size() >= MAX_ADDRESSES) {
        // the table is full of live windows: a new address is throttled at once rather than
        // wiping everyone's count
        return WINDOW_MILLIS / 1000;
      }
    }
    Window window =
        byAddress.merge(
            address,
            new Window(now, 1),
            (old, fresh) ->
                now - old.startMillis >= WINDOW_MILLIS
                    ? fresh
                    : new Window(old.startMillis, old.failures + 1));
    if (window.failures <= config.limits().failedCredentials()) {
      return 0;
    }
    return Math.max(1, (window.startMillis + WINDOW_MILLIS - now + 999) / 1000);
  }
}
