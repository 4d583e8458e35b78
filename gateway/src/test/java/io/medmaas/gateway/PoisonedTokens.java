package io.medmaas.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * Tokens that a JSON library would never write: claims with bytes that are not UTF-8, signed with
 * the stand-in identity provider's real key, so only the gateway's own checks can refuse them.
 */
final class PoisonedTokens {

  private PoisonedTokens() {}

  static String withInvalidUtf8Subject(String issuer) {
    String before =
        "{\"iss\":\""
            + issuer
            + "\",\"aud\":\"medmaas-api\",\"exp\":"
            + (System.currentTimeMillis() / 1000 + 300)
            + ",\"realm_access\":{\"roles\":[\"clinician\"]},\"sub\":\"a";
    byte[] head = before.getBytes(StandardCharsets.UTF_8);
    byte[] tail = "b\"}".getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, payload, 0, head.length);
    payload[head.length] = (byte) 0xC3; // a lead byte followed by no continuation byte
    payload[head.length + 1] = (byte) 0x28;
    System.arraycopy(tail, 0, payload, head.length + 2, tail.length);
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream("privateKey.jwk")) {
      RsaJsonWebKey key =
          (RsaJsonWebKey)
              JsonWebKey.Factory.newJwk(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayloadBytes(payload);
      jws.setKey(key.getPrivateKey());
      jws.setKeyIdHeaderValue("1");
      jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
      return jws.getCompactSerialization();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }
}
