package io.medmaas.testing;

import io.medmaas.launcher.DatabaseRoles;
import io.medmaas.launcher.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests, set up as {@code ./maas up} sets it up: every connection needs its
 * role's password, and every service role exists with a fresh random password, none a superuser.
 * The superuser is for the tests' own inspection only.
 */
public final class TestDatabase implements AutoCloseable {

  private final Path dataDir;
  private final EmbeddedDatabase database;
  private final Map<String, String> passwords = new HashMap<>();

  private TestDatabase(Path dataDir, EmbeddedDatabase database) {
    this.dataDir = dataDir;
    this.database = database;
  }

  public static TestDatabase start() {
    Path dir;
    try {
      dir = Files.createTempDirectory("medmaas-test-pg");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestDatabase test =
        new TestDatabase(dir, EmbeddedDatabase.start(dir.resolve("data"), 0, randomPassword()));
    DatabaseRoles.LOGINS.forEach(role -> test.passwords.put(role, randomPassword()));
    test.database.ensureServiceRoles(test.passwords);
    return test;
  }

  public String jdbcUrl() {
    return database.jdbcUrl();
  }

  public int port() {
    return database.port();
  }

  public String password(String role) {
    return passwords.get(role);
  }

  /** A connection as one of the platform's roles, with its password, as a service logs in. */
  public Connection connectAs(String role) throws SQLException {
    return java.sql.DriverManager.getConnection(jdbcUrl(), role, password(role));
  }

  /** A connection as the superuser, for a test to look at what a service wrote. */
  public Connection superuser() throws SQLException {
    return database.connect(EmbeddedDatabase.DATABASE);
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public void close() {
    database.close();
    try (Stream<Path> paths = Files.walk(dataDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
