package io.medmaas.launcher;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The local PostgreSQL asks every connection for its password, on the first start and after. */
class EmbeddedDatabaseTest {

  @Test
  void aDataFolderSecuredByAnEarlierStartStartsAgainAndStillAsksForPasswords() throws Exception {
    Path data = Files.createTempDirectory("medmaas-pg").resolve("data");
    String password = "test-superuser-password";
    String url;
    try (EmbeddedDatabase first = EmbeddedDatabase.start(data, 0, password)) {
      url = first.jdbcUrl();
      assertTrue(first.connect(EmbeddedDatabase.DATABASE).isValid(5));
    }
    try (EmbeddedDatabase again = EmbeddedDatabase.start(data, 0, password)) {
      assertTrue(again.connect(EmbeddedDatabase.DATABASE).isValid(5), "a second start works");
      String now = again.jdbcUrl();
      assertThrows(
          SQLException.class, () -> DriverManager.getConnection(now, "postgres", "").close());
      assertThrows(
          SQLException.class,
          () -> DriverManager.getConnection(now, "postgres", "not-the-password").close());
    }
    assertTrue(url.startsWith("jdbc:postgresql://127.0.0.1:"));
  }
}
