package io.medmaas.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Keys of a local run, generated once and kept under the state folder: the RSA pair with which the
 * gateway signs internal tokens, the HMAC key for audit digests and the password of the gateway's
 * audit-writer database login. In production they come from secrets instead (see the Helm chart).
 */
public record KeyMaterial(
    Path privateKey, Path publicKey, Path auditDigestKey, Path auditWriterPassword) {

  public static KeyMaterial ensure(Path dir) {
    KeyMaterial keys =
        new KeyMaterial(
            dir.resolve("internal-token-private.pem"),
            dir.resolve("internal-token-public.pem"),
            dir.resolve("audit-digest.key"),
            dir.resolve("audit-writer.password"));
    try {
      Files.createDirectories(dir);
      if (!Files.exists(keys.privateKey) || !Files.exists(keys.publicKey)) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        writeSecret(keys.privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(keys.publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
      }
      if (!Files.exists(keys.auditDigestKey)) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        writeSecret(keys.auditDigestKey, Base64.getEncoder().encodeToString(secret));
      }
      if (!Files.exists(keys.auditWriterPassword)) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        writeSecret(
            keys.auditWriterPassword,
            Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
      }
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String auditDigestKeyValue() {
    return read(auditDigestKey);
  }

  public String auditWriterPasswordValue() {
    return read(auditWriterPassword);
  }

  private static String read(Path path) {
    try {
      return Files.readString(path).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static void writeSecret(Path path, String content) throws IOException {
    Files.writeString(path, content);
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system: nothing stronger to do here
    }
  }
}
