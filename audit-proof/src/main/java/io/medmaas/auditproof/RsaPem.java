package io.medmaas.auditproof;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RSA keys in the PEM forms medmaas is given: a private key as PKCS#8 ({@code PRIVATE KEY}, what
 * {@code ./maas} writes) or PKCS#1 ({@code RSA PRIVATE KEY}, what Helm's {@code genPrivateKey}
 * makes), and public keys as X.509 certificates, each naming its key id as its subject's common
 * name (what the chart makes with {@code genSelfSignedCertWithKey}; only the key is used, never the
 * certificate's dates or issuer: the file is trusted because of where it is mounted).
 */
public final class RsaPem {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final Pattern KEY_ID = Pattern.compile("CN=([A-Za-z0-9._-]{1,100})");

  /** rsaEncryption's AlgorithmIdentifier, DER: SEQUENCE { OID 1.2.840.113549.1.1.1, NULL }. */
  private static final byte[] RSA_ALGORITHM = {
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
    0x01,
    0x05,
    0x00
  };

  private RsaPem() {}

  /** An RSA private key from its PEM, PKCS#8 or PKCS#1. */
  public static PrivateKey privateKey(String pem) {
    Matcher block = BLOCK.matcher(pem == null ? "" : pem);
    if (!block.find()) {
      throw new IllegalArgumentException("not a PEM private key");
    }
    byte[] der = Base64.getMimeDecoder().decode(block.group(2).replaceAll("\\s", ""));
    byte[] pkcs8 =
        switch (block.group(1)) {
          case "PRIVATE KEY" -> der;
          case "RSA PRIVATE KEY" -> pkcs8Of(der);
          default -> throw new IllegalArgumentException("not an RSA private key (PKCS#8, PKCS#1)");
        };
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an RSA private key (PKCS#8, PKCS#1)", e);
    }
  }

  /** Whether {@code text} holds certificates (the chart's key set) rather than a JWKS. */
  public static boolean holdsCertificates(String text) {
    return text != null && text.contains("-----BEGIN CERTIFICATE-----");
  }

  /** The RSA public keys of PEM certificates, by the key id each names as its common name. */
  public static Map<String, PublicKey> certificateKeys(String pem) {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    // block by block: smallrye-jwt hands a key file over with its line breaks taken out
    Matcher block = BLOCK.matcher(pem);
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      while (block.find()) {
        if (!block.group(1).equals("CERTIFICATE")) {
          throw new IllegalArgumentException("a key set holds only certificates");
        }
        byte[] der = Base64.getMimeDecoder().decode(block.group(2).replaceAll("\\s", ""));
        X509Certificate x509 =
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        Matcher id = KEY_ID.matcher(x509.getSubjectX500Principal().getName());
        PublicKey key = x509.getPublicKey();
        if (!id.matches() || !"RSA".equals(key.getAlgorithm())) {
          throw new IllegalArgumentException(
              "a key-set certificate must hold an RSA key and name only its key id (CN=<id>)");
        }
        if (keys.put(id.group(1), key) != null) {
          throw new IllegalArgumentException("two key-set certificates name one key id");
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unreadable key-set certificates", e);
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no key-set certificate");
    }
    return keys;
  }

  /** PKCS#8's PrivateKeyInfo around a PKCS#1 RSAPrivateKey: version 0, rsaEncryption, the key. */
  private static byte[] pkcs8Of(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(pkcs1.length + 32);
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM);
    body.writeBytes(tagged(0x04, pkcs1));
    return tagged(0x30, body.toByteArray());
  }

  /** One DER element: {@code tag}, its length, {@code content}. */
  public static byte[] tagged(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
