package io.medmaas.launcher;

import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/**
 * Runs a service's database migrations as that service's owner role, in the launcher, before the
 * service starts: the running service never holds the owner's password, so a compromised service
 * cannot alter its schema, disable row security or remove its triggers (ADR 0011). In Kubernetes
 * the same happens in a migration job.
 */
public final class Migrations {

  private Migrations() {}

  /** Migrates {@code schema} from the SQL files under {@code location}, as {@code owner}. */
  public static void run(
      String jdbcUrl, String owner, String password, String schema, Path location) {
    Flyway.configure()
        .dataSource(jdbcUrl, owner, password)
        .schemas(schema)
        .createSchemas(true)
        .locations("filesystem:" + location)
        .load()
        .migrate();
  }
}
