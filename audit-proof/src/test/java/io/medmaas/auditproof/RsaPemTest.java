package io.medmaas.auditproof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keys in the forms Helm and {@code ./maas} write them (fixtures made with openssl, for tests
 * only): a PKCS#1 key reads as the same key as its PKCS#8 form, and signs what its certificate's
 * key verifies; a key set of certificates is read by the key ids they name, and anything else is
 * refused.
 */
class RsaPemTest {

  private static String fixture(String name) throws IOException {
    try (InputStream in = RsaPemTest.class.getResourceAsStream("/rsa-pem/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void aPkcs1KeyIsTheSameKeyAsItsPkcs8FormAndMatchesItsCertificate() throws Exception {
    PrivateKey pkcs1 = RsaPem.privateKey(fixture("pkcs1.pem"));
    PrivateKey pkcs8 = RsaPem.privateKey(fixture("pkcs8.pem"));
    assertEquals(pkcs8, pkcs1);
    Map<String, PublicKey> keys = RsaPem.certificateKeys(fixture("one.crt"));
    assertEquals(List.of("key-one"), List.copyOf(keys.keySet()));
    assertEquals(SignedHead.publicKeyOf(pkcs1), keys.get("key-one"));
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(pkcs1);
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(keys.get("key-one"));
    verifier.update(new byte[] {1, 2, 3});
    assertTrue(verifier.verify(signature));
  }

  @Test
  void aKeySetOfTwoCertificatesHoldsBothKeysInOrder() throws Exception {
    String set = fixture("one.crt") + fixture("two.crt");
    assertTrue(RsaPem.holdsCertificates(set));
    assertFalse(RsaPem.holdsCertificates("{\"keys\":[]}"));
    assertEquals(List.of("key-one", "key-two"), List.copyOf(RsaPem.certificateKeys(set).keySet()));
    // as smallrye-jwt hands a key file over: its line breaks taken out
    assertEquals(
        List.of("key-one", "key-two"),
        List.copyOf(RsaPem.certificateKeys(set.replace("\n", "")).keySet()));
  }

  @Test
  void whatIsNotAnRsaKeyOrAPlainKeyIdIsRefused() throws Exception {
    for (String bad :
        new String[] {
          "",
          "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
          fixture("ec.pem"),
          fixture("one.crt")
        }) {
      assertThrows(IllegalArgumentException.class, () -> RsaPem.privateKey(bad));
    }
    assertThrows(
        IllegalArgumentException.class, () -> RsaPem.certificateKeys(fixture("ec.crt")), "EC");
    assertThrows(
        IllegalArgumentException.class,
        () -> RsaPem.certificateKeys(fixture("bad-subject.crt")),
        "a subject with more than a key id");
    assertThrows(
        IllegalArgumentException.class,
        () -> RsaPem.certificateKeys(fixture("one.crt") + fixture("one.crt")),
        "one key id twice");
    assertThrows(IllegalArgumentException.class, () -> RsaPem.certificateKeys(""));
  }
}
