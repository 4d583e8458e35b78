package io.medmaas.registry.model.store;

import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seals tenants' artifacts at rest with AES-256-GCM under {@code medmaas.artifacts.encryption-key}
 * (base64, 32 bytes; the launcher makes one, a deployment gives a secret): a fresh 12-byte nonce
 * per artifact, the artifact's address (the SHA-256 of its plain bytes) as associated data, and the
 * key's id stored beside it, so the key can be told apart after it changes. Without a key, a
 * tenant's artifact is refused rather than stored plain.
 */
@ApplicationScoped
public class ArtifactCipher {

  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  @ConfigProperty(name = "medmaas.artifacts.encryption-key")
  Optional<String> encoded;

  private SecretKeySpec key;
  private String keyId;

  @PostConstruct
  void load() {
    if (encoded.isEmpty() || encoded.get().isBlank()) {
      return;
    }
    byte[] bytes = Base64.getDecoder().decode(encoded.get().trim());
    if (bytes.length != 32) {
      throw new IllegalStateException("medmaas.artifacts.encryption-key must hold 32 bytes");
    }
    key = new SecretKeySpec(bytes, "AES");
    try {
      keyId =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
              .substring(0, 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Seals {@code plain} into {@code artifact} (its address already set). */
  public void seal(Artifact artifact, byte[] plain) {
    if (key == null) {
      throw ProblemException.retryLater(
          ProblemType.UNAVAILABLE,
          "Models cannot be stored now: no key to encrypt them at rest is configured",
          60);
    }
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    artifact.content = run(Cipher.ENCRYPT_MODE, nonce, artifact.sha256, plain);
    artifact.nonce = nonce;
    artifact.keyId = keyId;
  }

  /** The artifact's plain bytes. */
  public byte[] open(Artifact artifact) {
    if (artifact.keyId == null) {
      return artifact.content;
    }
    if (key == null || !keyId.equals(artifact.keyId)) {
      throw new IllegalStateException(
          "artifact "
              + artifact.sha256
              + " is sealed under key "
              + artifact.keyId
              + ", which this registry does not hold");
    }
    return run(Cipher.DECRYPT_MODE, artifact.nonce, artifact.sha256, artifact.content);
  }

  private byte[] run(int mode, byte[] nonce, String address, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(address.getBytes(StandardCharsets.US_ASCII));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("artifact " + address + " does not open under its key", e);
    }
  }
}
