package io.medmaas.testing;

import io.medmaas.launcher.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A real PostgreSQL for a {@code @QuarkusTest}: fresh data folder, random port, removed after. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

  private EmbeddedDatabase database;
  private Path dataDir;

  @Override
  public Map<String, String> start() {
    try {
      dataDir = Files.createTempDirectory("medmaas-test-pg");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    database = EmbeddedDatabase.start(dataDir.resolve("data"), 0);
    return Map.of(
        "quarkus.datasource.jdbc.url",
        database.jdbcUrl(),
        "quarkus.datasource.username",
        EmbeddedDatabase.USER,
        "quarkus.datasource.password",
        "postgres");
  }

  @Override
  public void stop() {
    if (database != null) {
      database.close();
    }
    if (dataDir != null) {
      try (Stream<Path> paths = Files.walk(dataDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temp folder left behind is harmless
      }
    }
  }
}
