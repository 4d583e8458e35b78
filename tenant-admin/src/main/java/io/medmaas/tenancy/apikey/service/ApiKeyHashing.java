package io.medmaas.tenancy.apikey.service;

import io.medmaas.common.apikey.ApiKeyFormat;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The platform's key-hash key ({@code medmaas.api-keys.hash-key}, base64, at least 32 bytes),
 * shared with the gateway, which checks presented secrets against the hashes made here. Its id is
 * stored with each hash, so that after the platform moves to a new key the gateway still checks
 * older keys under the one that hashed them ({@code medmaas.api-keys.previous-hash-keys}, ADR
 * 0012); new and rotated keys are hashed under the current one.
 */
@ApplicationScoped
public class ApiKeyHashing {

  private final byte[] key;
  private final String keyId;

  ApiKeyHashing(@ConfigProperty(name = "medmaas.api-keys.hash-key") String encoded) {
    key = ApiKeyFormat.decodeHashKey(encoded, "medmaas.api-keys.hash-key");
    keyId = ApiKeyFormat.hashKeyId(key);
  }

  public String hash(String secret) {
    return ApiKeyFormat.hash(key, secret);
  }

  public String keyId() {
    return keyId;
  }
}
