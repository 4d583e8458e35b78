package io.medmaas.gateway.auth;

import io.medmaas.gateway.pipeline.GatewayCaller;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens already verified, keyed by the whole token, with the caller each resolved to. An entry is
 * used until the token's expiry or a short bound, whichever comes first, and only while the tenant
 * list it was resolved against is current (a suspension, a changed audience or entitlement applies
 * at the next request). Bounded in size; only verified tokens enter, so forged ones cannot fill it.
 */
final class VerifiedTokens {

  private record Entry(GatewayCaller caller, long usableUntilMillis, long generation) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final int maxSize;
  private final long boundMillis;

  VerifiedTokens(int maxSize, long boundMillis) {
    this.maxSize = maxSize;
    this.boundMillis = boundMillis;
  }

  /** The caller of a token verified before, if still usable. */
  GatewayCaller get(String token, long generation) {
    Entry entry = entries.get(token);
    if (entry == null) {
      return null;
    }
    if (entry.generation != generation || entry.usableUntilMillis <= System.currentTimeMillis()) {
      entries.remove(token, entry);
      return null;
    }
    return entry.caller;
  }

  void put(String token, GatewayCaller caller, long expiresAtMillis, long generation) {
    long now = System.currentTimeMillis();
    long until = Math.min(expiresAtMillis, now + boundMillis);
    if (until <= now) {
      return;
    }
    if (entries.size() >= maxSize) {
      entries.values().removeIf(e -> e.usableUntilMillis <= now || e.generation != generation);
      if (entries.size() >= maxSize) {
        entries.clear();
      }
    }
    entries.put(token, new Entry(caller, until, generation));
  }

  int size() {
    return entries.size();
  }
}
