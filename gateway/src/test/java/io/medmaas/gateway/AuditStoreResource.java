package io.medmaas.gateway;

import io.medmaas.launcher.EmbeddedDatabase;
import io.medmaas.launcher.Stack;
import io.medmaas.testing.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * The audit store of the gateway's tests, as the local run has it: a real PostgreSQL (durable, as
 * {@link EmbeddedDatabase} starts it), the audit table created by the registry's own migrations,
 * and the gateway logging in as its INSERT-only writer role. The gateway reaches the database
 * through a {@link TcpProxy}, so that a test can take the store away and give it back.
 */
public class AuditStoreResource implements QuarkusTestResourceLifecycleManager {

  static final String PASSWORD = "test-only-audit-writer-password";

  private static volatile EmbeddedDatabase database;
  private static volatile TcpProxy proxy;
  private Path dataDir;

  @Override
  public Map<String, String> start() {
    try {
      dataDir = Files.createTempDirectory("medmaas-gateway-pg");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    database = EmbeddedDatabase.start(dataDir.resolve("data"), 0);
    Flyway.configure()
        .dataSource(database.jdbcUrl(), EmbeddedDatabase.USER, "postgres")
        .schemas("registry")
        .createSchemas(true)
        .locations("filesystem:" + Path.of("../registry/src/main/resources/db/migration"))
        .load()
        .migrate();
    database.ensureLoginRole(Stack.AUDIT_WRITER_LOGIN, PASSWORD, Stack.AUDIT_WRITER_ROLE);
    proxy = new TcpProxy(database.port());
    return Map.of(
        "quarkus.datasource.reactive.url",
        "postgresql://127.0.0.1:" + proxy.port() + "/" + EmbeddedDatabase.DATABASE,
        "quarkus.datasource.username",
        Stack.AUDIT_WRITER_LOGIN,
        "quarkus.datasource.password",
        PASSWORD);
  }

  /** The database as its owner, for reading what the gateway wrote. */
  static String ownerJdbcUrl() {
    return database.jdbcUrl();
  }

  static TcpProxy proxy() {
    return proxy;
  }

  @Override
  public void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (database != null) {
      database.close();
    }
    try (var paths = Files.walk(dataDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
