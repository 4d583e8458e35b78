package io.medmaas.auditproof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chain's head as the platform signed it: the chain, the place and hash of its last record, and
 * when it was signed, as a compact JWS (RS256, {@code typ} {@value #TYPE}) under the platform's
 * audit signing key. Whoever keeps one can later check, offline, that the log still leads to it.
 */
public record SignedHead(
    String chain, long seq, String hash, Instant signedAt, String keyId, String kind, String jws) {

  /** A head as the platform states it on demand and periodically. */
  public static final String HEAD = "head";

  /**
   * The head of the last record a purge removed: only such a head may anchor a chain's new start.
   */
  public static final String ANCHOR = "purge-anchor";

  public static final String TYPE = "medmaas-audit-head+jws";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** Why a head is not to be trusted. */
  public static final class Invalid extends Exception {
    Invalid(String reason) {
      super(reason);
    }
  }

  /** Signs a head with {@code key} (RSA), naming it {@code keyId}. */
  public static SignedHead sign(
      String chain, long seq, String hash, Instant at, PrivateKey key, String keyId) {
    return sign(chain, seq, hash, at, key, keyId, HEAD);
  }

  /** Signs a head of {@code kind} ({@link #HEAD} or {@link #ANCHOR}). */
  public static SignedHead sign(
      String chain, long seq, String hash, Instant at, PrivateKey key, String keyId, String kind) {
    try {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("alg", "RS256");
      header.put("typ", TYPE);
      header.put("kid", keyId);
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("chain", chain);
      claims.put("seq", seq);
      claims.put("hash", hash);
      claims.put("signedAt", at.toString());
      claims.put("kind", kind);
      String input =
          B64.encodeToString(JSON.writeValueAsBytes(header))
              + "."
              + B64.encodeToString(JSON.writeValueAsBytes(claims));
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(input.getBytes(StandardCharsets.US_ASCII));
      return new SignedHead(
          chain, seq, hash, at, keyId, kind, input + "." + B64.encodeToString(rsa.sign()));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot sign a chain head", e);
    }
  }

  /** The head a JWS states, once its signature verifies under the key it names. */
  public static SignedHead verify(String jws, Map<String, PublicKey> keysById) throws Invalid {
    String[] parts = jws == null ? new String[0] : jws.split("\\.", -1);
    if (parts.length != 3) {
      throw new Invalid("not a compact JWS");
    }
    try {
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      if (!"RS256".equals(header.path("alg").asText())
          || !TYPE.equals(header.path("typ").asText())) {
        throw new Invalid("not an RS256 audit head");
      }
      if (header.has("crit")) {
        throw new Invalid("it names extensions this verifier does not know (crit)");
      }
      String keyId = header.path("kid").asText();
      PublicKey key = keysById.get(keyId);
      if (key == null) {
        throw new Invalid("signed by key " + keyId + ", which is not among the keys given");
      }
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(key);
      rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        throw new Invalid("its signature does not verify");
      }
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      if (!claims.path("chain").isTextual()
          || !claims.path("seq").isIntegralNumber()
          || claims.get("seq").asLong() < 0
          || !claims.path("hash").isTextual()
          || !claims.get("hash").asText().matches("[0-9a-f]{64}")) {
        throw new Invalid("it names no chain, place and hash");
      }
      return new SignedHead(
          claims.get("chain").asText(),
          claims.get("seq").asLong(),
          claims.get("hash").asText(),
          Instant.parse(claims.path("signedAt").asText()),
          keyId,
          ANCHOR.equals(claims.path("kind").asText()) ? ANCHOR : HEAD,
          jws);
    } catch (Invalid e) {
      throw e;
    } catch (Exception e) {
      throw new Invalid("unreadable (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** An RSA private key from its PEM (PKCS#8, or PKCS#1 as Helm makes it). */
  public static PrivateKey privateKey(String pem) {
    return RsaPem.privateKey(pem);
  }

  /** The public half of an RSA private key. */
  public static PublicKey publicKeyOf(PrivateKey key) {
    if (!(key instanceof RSAPrivateCrtKey rsa)) {
      throw new IllegalArgumentException("not an RSA key with its public exponent");
    }
    try {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An RSA public key from its PEM ({@code PUBLIC KEY}, X.509). */
  public static PublicKey publicKey(String pem) {
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an RSA public key (PEM)", e);
    }
  }

  /** A key's id: the start of the SHA-256 of its encoded public key. */
  public static String keyId(PublicKey key) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()))
          .substring(0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A public key as PEM. */
  public static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static byte[] der(String pem) {
    return Base64.getMimeDecoder()
        .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
  }
}
