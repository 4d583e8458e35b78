package io.medmaas.common.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VerifiedInternalTokensTest {

  private static KeyPair keys;
  private static JWTAuthContextInfo context;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
    context = new JWTAuthContextInfo((RSAPublicKey) keys.getPublic(), InternalToken.ISSUER);
    context.setExpectedAudience(java.util.Set.of(InternalToken.REGISTRY_AUDIENCE));
  }

  private static String token(long lifetimeSeconds) {
    return Jwt.issuer(InternalToken.ISSUER)
        .audience(InternalToken.REGISTRY_AUDIENCE)
        .subject("u-1")
        .claim(InternalToken.TENANT_CLAIM, "aurora-general")
        .expiresIn(lifetimeSeconds)
        .jws()
        .header("typ", InternalToken.TYPE)
        .sign(keys.getPrivate());
  }

  @Test
  void aTokenIsVerifiedOnceAndThenRemembered() throws ParseException {
    VerifiedInternalTokens tokens = new VerifiedInternalTokens();
    String token = token(60);
    var first = tokens.parse(token, context);
    assertSame(first, tokens.parse(token, context));
    assertEquals("aurora-general", first.getClaim(InternalToken.TENANT_CLAIM).toString());
    assertNotSame(first, tokens.parse(token(60), context), "another token is verified anew");
  }

  @Test
  void aTokenThatIsNotExplicitlyAnInternalTokenIsRefused() {
    VerifiedInternalTokens tokens = new VerifiedInternalTokens();
    String plain =
        Jwt.issuer(InternalToken.ISSUER)
            .audience(InternalToken.REGISTRY_AUDIENCE)
            .subject("u-1")
            .expiresIn(60)
            .sign(keys.getPrivate());
    assertThrows(ParseException.class, () -> tokens.parse(plain, context));
    assertThrows(ParseException.class, () -> tokens.parse("not-a-token", context));
  }

  @Test
  void aTokenThatFailsVerificationIsNeverRemembered() throws Exception {
    VerifiedInternalTokens tokens = new VerifiedInternalTokens();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String forged =
        Jwt.issuer(InternalToken.ISSUER)
            .audience(InternalToken.REGISTRY_AUDIENCE)
            .subject("mallory")
            .expiresIn(60)
            .jws()
            .header("typ", InternalToken.TYPE)
            .sign(generator.generateKeyPair().getPrivate());
    assertThrows(ParseException.class, () -> tokens.parse(forged, context));
    assertThrows(ParseException.class, () -> tokens.parse(forged, context));
  }

  @Test
  void aRememberedTokenIsNotUsedPastItsExpiry() throws Exception {
    VerifiedInternalTokens tokens = new VerifiedInternalTokens();
    context.setExpGracePeriodSecs(0);
    context.setClockSkew(0);
    String token = token(1);
    tokens.parse(token, context);
    Thread.sleep(2100);
    assertThrows(ParseException.class, () -> tokens.parse(token, context));
  }

  private static String fixture(String name) throws Exception {
    try (var in = VerifiedInternalTokensTest.class.getResourceAsStream("/rsa-pem/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    }
  }

  /** The Helm chart's key set: certificates whose common names are the key ids. */
  @Test
  void aKeySetOfCertificatesVerifiesByKeyIdAsAJwksWould() throws Exception {
    java.nio.file.Path set = java.nio.file.Files.createTempFile("keys", ".pem");
    try {
      java.nio.file.Files.writeString(set, fixture("two.crt") + fixture("one.crt"));
      JWTAuthContextInfo fromFile = new JWTAuthContextInfo();
      fromFile.setIssuedBy(InternalToken.ISSUER);
      fromFile.setExpectedAudience(java.util.Set.of(InternalToken.REGISTRY_AUDIENCE));
      fromFile.setPublicKeyLocation(set.toString());
      java.security.PrivateKey helms =
          io.medmaas.auditproof.RsaPem.privateKey(fixture("pkcs1.pem"));
      VerifiedInternalTokens tokens = new VerifiedInternalTokens();
      var principal = tokens.parse(signed(helms, "key-one"), fromFile);
      assertEquals("u-1", principal.getSubject());
      // the key one's signature under key two's id, or an id the set does not hold: refused
      assertThrows(ParseException.class, () -> tokens.parse(signed(helms, "key-two"), fromFile));
      assertThrows(ParseException.class, () -> tokens.parse(signed(helms, "key-9"), fromFile));
      assertThrows(
          ParseException.class, () -> tokens.parse(signed(keys.getPrivate(), "key-one"), fromFile));
    } finally {
      java.nio.file.Files.delete(set);
    }
  }

  private static String signed(java.security.PrivateKey key, String keyId) {
    return Jwt.issuer(InternalToken.ISSUER)
        .audience(InternalToken.REGISTRY_AUDIENCE)
        .subject("u-1")
        .expiresIn(60)
        .jws()
        .keyId(keyId)
        .header("typ", InternalToken.TYPE)
        .sign(key);
  }
}
