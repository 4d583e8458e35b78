package io.medmaas.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Keys of a local run, generated once and kept under the state folder: the RSA pair with which the
 * gateway signs internal tokens, the HMAC key for audit digests and the passwords of the database
 * login roles. In production they come from secrets instead (see the Helm chart).
 */
public record KeyMaterial(Path privateKey, Path publicKey, Path auditDigestKey) {

  public static KeyMaterial ensure(Path dir) {
    KeyMaterial keys =
        new KeyMaterial(
            dir.resolve("internal-token-private.pem"),
            dir.resolve("internal-token-public.pem"),
            dir.resolve("audit-digest.key"));
    try {
      createPrivateDirectory(dir);
      if (!Files.exists(keys.privateKey) || !Files.exists(keys.publicKey)) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.deleteIfExists(keys.privateKey); // half a pair is no pair: both anew
        Files.deleteIfExists(keys.publicKey);
        writeSecret(keys.privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(keys.publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
      }
      keys.writeKeySet();
      if (!Files.exists(keys.auditDigestKey)) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        writeSecret(keys.auditDigestKey, Base64.getEncoder().encodeToString(secret));
      }
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The password of a database login role of this install, generated at first use (24 random bytes)
   * and kept next to the other keys; it reaches the service through its environment.
   */
  public String databasePassword(String role) {
    if (!role.matches("[a-z_]{3,40}")) {
      throw new IllegalArgumentException("role names are lower-case words");
    }
    return generatedOnce(
        "db-" + role + ".password",
        24,
        secret -> Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /**
   * The key under which API keys' secrets are hashed (HMAC-SHA-256), base64: tenant-admin hashes a
   * new key's secret with it, the gateway checks presented secrets against the hash.
   */
  /**
   * The console's secret (43 characters) that seals each sign-in's state cookie and signs its
   * anti-forgery tokens, made the first time.
   */
  public String consoleStateSecret() {
    return generatedOnce(
        "console-state.key",
        32,
        secret -> Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  public String apiKeyHashKey() {
    return generatedOnce(
        "api-key-hash.key", 32, secret -> Base64.getEncoder().encodeToString(secret));
  }

  /**
   * The private key (PKCS#8 PEM, RSA 2048) with which the registry signs audit chain heads, made
   * the first time; its public half is {@link #auditSigningPublicKey()}, for anyone who verifies an
   * exported head offline. A key of its own: the registry never holds the internal-token key.
   */
  public Path auditSigningKey() {
    Path key = privateKey.getParent().resolve("audit-signing-private.pem");
    Path publicKey = auditSigningPublicKey();
    try {
      if (!Files.exists(key) || !Files.exists(publicKey)) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.deleteIfExists(key); // half a pair is no pair: both anew
        Files.deleteIfExists(publicKey);
        writeSecret(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public half of {@link #auditSigningKey()} (PEM). */
  public Path auditSigningPublicKey() {
    return privateKey.getParent().resolve("audit-signing-public.pem");
  }

  /**
   * The key (AES-256, base64) under which the registry seals tenants' model artifacts at rest; it
   * reaches the registry through its environment.
   */
  public String artifactEncryptionKey() {
    return generatedOnce(
        "artifact-encryption.key", 32, secret -> Base64.getEncoder().encodeToString(secret));
  }

  /** A secret of {@code bytes} random bytes in file {@code name}, written the first time. */
  private String generatedOnce(
      String name, int bytes, java.util.function.Function<byte[], String> encoding) {
    Path file = privateKey.getParent().resolve(name);
    try {
      if (!Files.exists(file)) {
        byte[] secret = new byte[bytes];
        new SecureRandom().nextBytes(secret);
        writeSecret(file, encoding.apply(secret));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return read(file);
  }

  /**
   * The id of the current signing key ({@code kid}): the start of the SHA-256 of its public key, so
   * the same key always has the same id and a new one another.
   */
  public String keyId() {
    return keyId(publicKey);
  }

  /**
   * The key set the internal services verify internal tokens with: the current public key and,
   * after a rotation, the previous one, each with its {@code kid}, so tokens signed with either
   * verify while the services and the gateway move to the new key.
   */
  public Path keySet() {
    return privateKey.getParent().resolve("internal-token-keys.jwks");
  }

  /** The public key the current one replaced, kept in the key set until the next rotation. */
  public Path previousPublicKey() {
    return privateKey.getParent().resolve("internal-token-previous-public.pem");
  }

  /**
   * Rotates the internal-token signing key: the current public key becomes the previous one (it
   * still verifies), a new pair is generated, and the key set lists both. The old private key is
   * deleted: nothing signs with it any more.
   */
  public KeyMaterial rotate() {
    try {
      Files.move(publicKey, previousPublicKey(), StandardCopyOption.REPLACE_EXISTING);
      Files.delete(privateKey);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ensure(privateKey.getParent());
  }

  private void writeKeySet() throws IOException {
    List<Path> keys = new ArrayList<>(List.of(publicKey));
    if (Files.exists(previousPublicKey())) {
      keys.add(previousPublicKey());
    }
    Files.writeString(keySet(), keySet(keys));
  }

  /** A JWKS of RSA public keys (PEM files), each with its {@code kid}. */
  public static String keySet(List<Path> publicKeys) {
    List<String> entries = new ArrayList<>();
    for (Path key : publicKeys) {
      RSAPublicKey rsa = rsaPublicKey(key);
      Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
      entries.add(
          "{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\""
              + keyId(key)
              + "\",\"n\":\""
              + url.encodeToString(unsigned(rsa.getModulus().toByteArray()))
              + "\",\"e\":\""
              + url.encodeToString(unsigned(rsa.getPublicExponent().toByteArray()))
              + "\"}");
    }
    return "{\"keys\":[" + String.join(",", entries) + "]}\n";
  }

  public static String keyId(Path publicKeyPem) {
    try {
      byte[] der = der(Files.readString(publicKeyPem));
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAPublicKey rsaPublicKey(Path pem) {
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(der(Files.readString(pem))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] der(String pem) {
    return Base64.getDecoder()
        .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
  }

  private static byte[] unsigned(byte[] twosComplement) {
    if (twosComplement.length > 1 && twosComplement[0] == 0) {
      return Arrays.copyOfRange(twosComplement, 1, twosComplement.length);
    }
    return twosComplement;
  }

  public String auditDigestKeyValue() {
    return read(auditDigestKey);
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

  /**
   * Writes a secret into a new file that is private (0600) from its first byte: the file is created
   * with its permissions, never created readable and narrowed after; an existing file (or a link
   * planted where it should be) is an error, not something written through.
   */
  static void writeSecret(Path path, String content) throws IOException {
    Set<OpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    try (SeekableByteChannel channel =
        posix(path)
            ? Files.newByteChannel(
                path,
                options,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.newByteChannel(path, options)) {
      channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /**
   * A folder private to its owner (0700), created so or, when it is there already, made so.
   *
   * @return {@code dir}
   */
  static Path privateDirectory(Path dir) {
    try {
      createPrivateDirectory(dir);
      if (posix(dir)) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot make the private folder " + dir, e);
    }
  }

  /** The keys folder, private to its owner (0700) when it is created. */
  private static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Files.createDirectories(dir.getParent());
    if (posix(dir.getParent())) {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectory(dir);
    }
  }

  private static boolean posix(Path path) {
    Path existing = path.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing != null
        && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
