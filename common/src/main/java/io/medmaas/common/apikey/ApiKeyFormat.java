package io.medmaas.common.apikey;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The form of a partner's API key, {@code mk_live_<key id>_<secret><checksum>}, and how its secret
 * is kept: the key id (12 base62 characters) is public and finds the key; the secret (22 base62
 * characters, 130 random bits) is shown once and stored only as its HMAC-SHA-256 under the
 * platform's key-hash key; the checksum (the CRC-32 of everything before it, 6 base62 characters)
 * lets secret scanners and the gateway tell a real key from a mistyped or made-up one without a
 * look-up (ADR 0012).
 */
public final class ApiKeyFormat {

  public static final String PREFIX = "mk_live_";
  public static final int ID_LENGTH = 12;
  public static final int SECRET_LENGTH = 22;
  public static final int CHECKSUM_LENGTH = 6;
  public static final int LENGTH =
      PREFIX.length() + ID_LENGTH + 1 + SECRET_LENGTH + CHECKSUM_LENGTH;

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A key as presented, split: its id and its secret. */
  public record Presented(String keyId, String secret) {}

  private ApiKeyFormat() {}

  /** A new random key id. */
  public static String newKeyId() {
    return random(ID_LENGTH);
  }

  /** A new random secret. */
  public static String newSecret() {
    return random(SECRET_LENGTH);
  }

  /** The key as the partner receives it, with its checksum. */
  public static String compose(String keyId, String secret) {
    String body = PREFIX + keyId + "_" + secret;
    return body + checksum(body);
  }

  /** The key's id and secret when {@code value} has the key's form and checksum; else empty. */
  public static Optional<Presented> parse(String value) {
    if (value == null || value.length() != LENGTH || !value.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int separator = PREFIX.length() + ID_LENGTH;
    if (value.charAt(separator) != '_') {
      return Optional.empty();
    }
    String keyId = value.substring(PREFIX.length(), separator);
    String secret = value.substring(separator + 1, separator + 1 + SECRET_LENGTH);
    String body = value.substring(0, value.length() - CHECKSUM_LENGTH);
    if (!base62(keyId)
        || !base62(secret)
        || !checksum(body).equals(value.substring(value.length() - CHECKSUM_LENGTH))) {
      return Optional.empty();
    }
    return Optional.of(new Presented(keyId, secret));
  }

  /** Whether {@code value} looks like an API key at all (to refuse one where it must not be). */
  public static boolean looksLikeKey(String value) {
    return value != null && value.contains(PREFIX);
  }

  /**
   * A configured key-hash key (base64 in {@code property}, at least 32 bytes); refuses a shorter or
   * malformed one, naming the property, never the value.
   */
  public static byte[] decodeHashKey(String encoded, String property) {
    byte[] key;
    try {
      key = java.util.Base64.getDecoder().decode(encoded.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(property + " must be base64");
    }
    if (key.length < 32) {
      throw new IllegalStateException(property + " must hold at least 32 bytes");
    }
    return key;
  }

  /**
   * A key-hash key's id, stored with each hash made under it (the start of its SHA-256), so a hash
   * can be checked under the key that made it after the platform moved to a new one.
   */
  public static String hashKeyId(byte[] hashKey) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(hashKey))
          .substring(0, 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The secret's keyed hash, as stored: 64 hex digits. */
  public static String hash(byte[] hashKey, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(hashKey, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether the secret is the one whose hash was stored, in time independent of where they differ.
   */
  public static boolean matches(byte[] hashKey, String secret, String storedHash) {
    byte[] presented = hash(hashKey, secret).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(presented, storedHash.getBytes(StandardCharsets.US_ASCII));
  }

  private static String checksum(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] digits = new char[CHECKSUM_LENGTH];
    for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
      digits[i] = BASE62.charAt((int) (value % 62));
      value /= 62;
    }
    return new String(digits);
  }

  private static boolean base62(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (BASE62.indexOf(value.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static String random(int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = BASE62.charAt(RANDOM.nextInt(62));
    }
    return new String(chars);
  }
}
