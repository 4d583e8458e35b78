package io.medmaas.tenancy.apikey.service;

import io.medmaas.common.apikey.ApiKeyFormat;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The platform's key-hash key ({@code medmaas.api-keys.hash-key}, base64, at least 32 bytes),
 * shared with the gateway, which checks presented secrets against the hashes made here. Its id (the
 * start of its SHA-256) is stored with each hash, so a later key can be told apart.
 */
@ApplicationScoped
public class ApiKeyHashing {

  private final byte[] key;
  private final String keyId;

  ApiKeyHashing(@ConfigProperty(name = "medmaas.api-keys.hash-key") String encoded) {
    key = Base64.getDecoder().decode(encoded.trim());
    if (key.length < 32) {
      throw new IllegalStateException("medmaas.api-keys.hash-key must hold at least 32 bytes");
    }
    try {
      keyId =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(key))
              .substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String hash(String secret) {
    return ApiKeyFormat.hash(key, secret);
  }

  public String keyId() {
    return keyId;
  }
}
