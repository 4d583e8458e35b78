package io.medmaas.testing;

import io.medmaas.auditproof.RsaPem;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * Keys in the form the Helm chart writes them, for the services' tests: the signing key as PKCS#1
 * ({@code RSA PRIVATE KEY}, Helm's {@code genPrivateKey}) and each public key in a self-signed
 * certificate whose common name is the key's id ({@code genSelfSignedCertWithKey}). Written here in
 * DER by hand, so that the tests need no tool beyond the JDK.
 */
final class ChartStyleKeys {

  private static final byte[] SHA256_WITH_RSA = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x0b,
    0x05,
    0x00
  };
  private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
  private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");

  private ChartStyleKeys() {}

  /** The PKCS#1 PEM of an RSA private key. */
  static String pkcs1(PrivateKey key) {
    RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
    byte[] der =
        sequence(
            integer(BigInteger.ZERO),
            integer(rsa.getModulus()),
            integer(rsa.getPublicExponent()),
            integer(rsa.getPrivateExponent()),
            integer(rsa.getPrimeP()),
            integer(rsa.getPrimeQ()),
            integer(rsa.getPrimeExponentP()),
            integer(rsa.getPrimeExponentQ()),
            integer(rsa.getCrtCoefficient()));
    return pem("RSA PRIVATE KEY", der);
  }

  /** A self-signed certificate of {@code publicKey} naming {@code keyId} as its common name. */
  static String certificate(String keyId, PublicKey publicKey, PrivateKey privateKey) {
    byte[] name =
        sequence(
            RsaPem.tagged(
                0x31,
                sequence(
                    COMMON_NAME, RsaPem.tagged(0x0c, keyId.getBytes(StandardCharsets.UTF_8)))));
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    byte[] validity = sequence(utcTime(now.minusDays(1)), utcTime(now.plusDays(1)));
    byte[] tbs =
        sequence(
            RsaPem.tagged(0xa0, integer(BigInteger.TWO)),
            integer(BigInteger.valueOf(System.nanoTime() & Long.MAX_VALUE)),
            SHA256_WITH_RSA,
            name,
            validity,
            name,
            publicKey.getEncoded());
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(privateKey);
      signer.update(tbs);
      byte[] signature = signer.sign();
      byte[] bits = new byte[signature.length + 1];
      System.arraycopy(signature, 0, bits, 1, signature.length);
      return pem("CERTIFICATE", sequence(tbs, SHA256_WITH_RSA, RsaPem.tagged(0x03, bits)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] utcTime(ZonedDateTime time) {
    return RsaPem.tagged(0x17, UTC_TIME.format(time).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] integer(BigInteger value) {
    return RsaPem.tagged(0x02, value.toByteArray());
  }

  private static byte[] sequence(byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      content.writeBytes(part);
    }
    return RsaPem.tagged(0x30, content.toByteArray());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
