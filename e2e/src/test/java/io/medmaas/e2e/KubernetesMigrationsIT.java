package io.medmaas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.launcher.DatabaseRoles;
import io.medmaas.launcher.KeyMaterial;
import io.medmaas.launcher.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The chart's way to a database, on the stack's PostgreSQL: a new database gets its roles from
 * helm/medmaas/files/database-roles.sql (what PostgreSQL's administrator runs), then registry and
 * tenant-admin migrate it with their own Flyway, as the owner roles, and exit
 * (QUARKUS_INIT_AND_EXIT, the chart's init containers). A second run finds nothing to do, and the
 * services' app roles can use what was made.
 */
@org.junit.jupiter.api.extension.ExtendWith(LocalPlatform.class)
@Order(7)
class KubernetesMigrationsIT {

  private static final String DATABASE = "medmaas_k8s";

  @Test
  void theRolesScriptAndTheServicesOwnFlywayMigrateANewDatabaseOnce() throws Exception {
    StackConfig config = LocalPlatform.stack().config();
    KeyMaterial keys = KeyMaterial.ensure(config.keys());
    try (Connection admin = LocalPlatform.superuser();
        Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + DATABASE);
      s.execute("CREATE DATABASE " + DATABASE);
    }
    String url = config.jdbcUrl().replace("/medmaas", "/" + DATABASE);
    // the roles are the cluster's: the stack's own, so the script gets their passwords again
    Map<String, String> variables = new HashMap<>();
    variables.put("dbname", DATABASE);
    for (String role : DatabaseRoles.LOGINS) {
      variables.put(role.substring("medmaas_".length()), keys.databasePassword(role));
    }
    String script =
        Files.readString(LocalPlatform.home().resolve("helm/medmaas/files/database-roles.sql"));
    try (Connection admin = superuserOf(url, keys)) {
      PsqlScript.run(admin, script, variables);
      PsqlScript.run(admin, script, variables); // a second run changes nothing
    }
    try {
      for (int run = 1; run <= 2; run++) {
        migrate("registry", url, keys, DatabaseRoles.REGISTRY_OWNER, DatabaseRoles.REGISTRY_APP);
        migrate("tenant-admin", url, keys, DatabaseRoles.TENANCY_OWNER, DatabaseRoles.TENANCY_APP);
        assertEquals(migrations("registry"), applied(url, keys, "registry"), "run " + run);
        assertEquals(migrations("tenant-admin"), applied(url, keys, "tenancy"), "run " + run);
      }
      // the services run as their app roles, which use the tables and own none of them
      try (Connection app =
              DriverManager.getConnection(
                  url,
                  DatabaseRoles.TENANCY_APP,
                  keys.databasePassword(DatabaseRoles.TENANCY_APP));
          Statement s = app.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM tenancy.tenant")) {
        assertTrue(rs.next(), "the app role reads the tables its migrations granted it");
        assertThrows(
            SQLException.class,
            () -> s.execute("DROP TABLE tenancy.tenant"),
            "the app role cannot alter its schema");
        assertThrows(
            SQLException.class,
            () -> s.executeQuery("SELECT count(*) FROM tenancy.flyway_schema_history"),
            "nor read the migrations' own table");
      }
    } finally {
      try (Connection admin = LocalPlatform.superuser();
          Statement s = admin.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
      }
    }
  }

  private static Connection superuserOf(String url, KeyMaterial keys) throws SQLException {
    return DriverManager.getConnection(
        url,
        io.medmaas.launcher.EmbeddedDatabase.USER,
        keys.databasePassword(io.medmaas.launcher.EmbeddedDatabase.USER));
  }

  /** The service's jar, as its image's init container runs it: migrate as the owner, exit. */
  private static void migrate(
      String service, String url, KeyMaterial keys, String owner, String app) throws Exception {
    Path jar = LocalPlatform.home().resolve(service + "/target/quarkus-app/quarkus-run.jar");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=0",
                "-Dquarkus.management.port=0",
                "-Dquarkus.datasource.jdbc.url=" + url,
                "-Dquarkus.datasource.username=" + app,
                "-Dmp.jwt.verify.publickey.location=" + keys.keySet(),
                "-Dmedmaas.registry.url=http://127.0.0.1:9",
                "-Dmedmaas.inference.url=http://127.0.0.1:9",
                "-Dmedmaas.audit.signing-key.location=" + keys.auditSigningKey(),
                "-jar",
                jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    String random = Base64.getEncoder().encodeToString(new byte[32]);
    builder.environment().put("QUARKUS_INIT_AND_EXIT", "true");
    builder.environment().put("QUARKUS_FLYWAY_MIGRATE_AT_START", "true");
    builder.environment().put("QUARKUS_FLYWAY_PASSWORD", keys.databasePassword(owner));
    builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", keys.databasePassword(app));
    builder.environment().put("MEDMAAS_ARTIFACTS_ENCRYPTION_KEY", random);
    builder.environment().put("MEDMAAS_API_KEYS_HASH_KEY", random);
    Path log = Files.createTempFile("migrate-" + service, ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    boolean exited = process.waitFor(90, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertTrue(exited, service + " exited after its migration:\n" + output);
    assertEquals(0, process.exitValue(), service + " migrated:\n" + output);
  }

  /** The versioned migrations in the service's source. */
  private static long migrations(String service) throws Exception {
    try (Stream<Path> files =
        Files.list(LocalPlatform.home().resolve(service + "/src/main/resources/db/migration"))) {
      return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    }
  }

  /** The migrations Flyway recorded as applied in {@code schema}. */
  private static long applied(String url, KeyMaterial keys, String schema) throws Exception {
    try (Connection admin = superuserOf(url, keys);
        Statement s = admin.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM "
                    + schema
                    + ".flyway_schema_history WHERE success AND version IS NOT NULL")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
