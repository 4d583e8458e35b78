package io.medmaas.testing;

import io.medmaas.launcher.DatabaseRoles;
import io.medmaas.launcher.Migrations;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * A real PostgreSQL for a {@code @QuarkusTest} of the registry (default) or of tenant-admin ({@code
 * initArgs = @ResourceArg(name = "service", value = "tenant-admin")}): the service runs as its app
 * role and migrates as its owner role, with their passwords, as in a local run.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

  private static volatile TestDatabase database;
  private String service = "registry";

  @Override
  public void init(Map<String, String> initArgs) {
    service = initArgs.getOrDefault("service", "registry");
  }

  @Override
  public Map<String, String> start() {
    database = TestDatabase.start();
    boolean registry = service.equals("registry");
    String app = registry ? DatabaseRoles.REGISTRY_APP : DatabaseRoles.TENANCY_APP;
    String owner = registry ? DatabaseRoles.REGISTRY_OWNER : DatabaseRoles.TENANCY_OWNER;
    if (!registry) {
      // tenant-admin appends its change records to the audit log, whose table is the registry's
      Migrations.run(
          database.jdbcUrl(),
          DatabaseRoles.REGISTRY_OWNER,
          database.password(DatabaseRoles.REGISTRY_OWNER),
          "registry",
          java.nio.file.Path.of("../registry/src/main/resources/db/migration"));
    }
    Map<String, String> config = new java.util.HashMap<>();
    config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
    config.put("quarkus.datasource.username", app);
    config.put("quarkus.datasource.password", database.password(app));
    config.put("quarkus.flyway.username", owner);
    config.put("quarkus.flyway.password", database.password(owner));
    if (registry) {
      // the registry signs its audit chains' heads with a key of its own, as in a local run
      try {
        io.medmaas.launcher.KeyMaterial keys =
            io.medmaas.launcher.KeyMaterial.ensure(
                java.nio.file.Files.createTempDirectory("medmaas-test-audit-keys"));
        config.put("medmaas.audit.signing-key.location", keys.auditSigningKey().toString());
        // and seals tenants' artifacts at rest
        config.put("medmaas.artifacts.encryption-key", keys.artifactEncryptionKey());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return config;
  }

  /** The running test database, for tests that connect as a given role. */
  public static TestDatabase database() {
    return database;
  }

  /** A connection as the superuser, for a test to look at what the service wrote. */
  public static Connection superuser() throws SQLException {
    return database.superuser();
  }

  @Override
  public void stop() {
    if (database != null) {
      database.close();
    }
  }
}
