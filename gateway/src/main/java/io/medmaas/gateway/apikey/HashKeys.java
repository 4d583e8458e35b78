package io.medmaas.gateway.apikey;

import io.medmaas.common.apikey.ApiKeyFormat;
import io.medmaas.gateway.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The key-hash keys a stored hash may have been made under, by id: the current one ({@code
 * medmaas.api-keys.hash-key}, which tenant-admin hashes new keys under) and the previous ones
 * ({@code medmaas.api-keys.previous-hash-keys}), so the platform can move to a new hash key without
 * re-issuing every partner's key (ADR 0012).
 */
@ApplicationScoped
public class HashKeys {

  private final Map<String, byte[]> byId = new HashMap<>();

  @Inject
  HashKeys(GatewayConfig config) {
    add(config.apiKeys().hashKey(), "medmaas.api-keys.hash-key");
    for (String previous : config.apiKeys().previousHashKeys().orElse(List.of())) {
      add(previous, "medmaas.api-keys.previous-hash-keys");
    }
  }

  private void add(String encoded, String property) {
    byte[] key = ApiKeyFormat.decodeHashKey(encoded, property);
    byId.putIfAbsent(ApiKeyFormat.hashKeyId(key), key);
  }

  /** The hash key of this id; null when it is none the gateway holds. */
  byte[] forId(String id) {
    return id == null ? null : byId.get(id);
  }
}
