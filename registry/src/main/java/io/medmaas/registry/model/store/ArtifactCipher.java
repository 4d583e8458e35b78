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
 * Seals what tenants upload at rest with AES-256-GCM under {@code medmaas.artifacts.encryption-key}
 * (base64, 32 bytes; the launcher makes one, a deployment gives a secret): a fresh 12-byte nonce
 * each time, associated data binding the sealed bytes to their place (an artifact's address, the
 * SHA-256 of its plain bytes; a validation set's version), and the key's id stored beside them, so
 * the key can be told apart after it changes. Without a key, a tenant's upload is refused rather
 * than stored plain.
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

  /** Sealed bytes that do not open here: another key sealed them, or they were altered. */
  public static final class NotOpened extends IllegalStateException {
    NotOpened(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Whether a key is configured (without one, a hospital's uploads are refused). */
  public boolean hasKey() {
    return key != null;
  }

  /** Sealed bytes with the nonce and the id of the key they were sealed with. */
  public record Sealed(byte[] content, byte[] nonce, String keyId) {}

  /** Seals {@code plain} into {@code artifact} (its address already set). */
  public void seal(Artifact artifact, byte[] plain) {
    Sealed sealed = seal(plain, artifact.sha256);
    artifact.content = sealed.content();
    artifact.nonce = sealed.nonce();
    artifact.keyId = sealed.keyId();
  }

  /** The artifact's plain bytes. */
  public byte[] open(Artifact artifact) {
    return open(artifact.content, artifact.nonce, artifact.keyId, artifact.sha256);
  }

  /** Seals {@code plain}, bound to {@code place}: it opens only for the same place. */
  public Sealed seal(byte[] plain, String place) {
    if (key == null) {
      throw ProblemException.retryLater(
          ProblemType.UNAVAILABLE,
          "Uploads cannot be stored now: no key to encrypt them at rest is configured",
          60);
    }
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    return new Sealed(run(Cipher.ENCRYPT_MODE, nonce, place, plain), nonce, keyId);
  }

  /**
   * The plain bytes of what was sealed for {@code place}; {@code sealedUnder} null: stored plain.
   */
  public byte[] open(byte[] content, byte[] nonce, String sealedUnder, String place) {
    if (sealedUnder == null) {
      return content;
    }
    if (key == null || !keyId.equals(sealedUnder)) {
      throw new NotOpened(
          place + " is sealed under key " + sealedUnder + ", which this registry does not hold",
          null);
    }
    return run(Cipher.DECRYPT_MODE, nonce, place, content);
  }

  private byte[] run(int mode, byte[] nonce, String address, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(address.getBytes(StandardCharsets.US_ASCII));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      if (mode == Cipher.DECRYPT_MODE) {
        throw new NotOpened(address + " does not open under its key", e);
      }
      throw new IllegalStateException(address + " could not be sealed", e);
    }
  }
}
