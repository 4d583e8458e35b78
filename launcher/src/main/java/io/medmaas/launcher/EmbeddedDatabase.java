package io.medmaas.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL 17 from zonky's embedded binaries, with its data kept in a folder so that a
 * local run keeps its state between runs. As root, zonky runs it under {@code unshare -U}; where
 * that is unavailable PostgreSQL refuses to start (see the README).
 *
 * <p>Durable like a production server: zonky starts PostgreSQL with {@code -F} (no fsync) and
 * {@code synchronous_commit=off}, which would let a committed audit record vanish in a crash; both
 * are set back on here (a later {@code -c} wins over {@code -F}).
 */
public final class EmbeddedDatabase implements AutoCloseable {

  public static final String DATABASE = "medmaas";
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts PostgreSQL on {@code port} (0 for any) with data under {@code dataDir}. */
  public static EmbeddedDatabase start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir.getParent());
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on");
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedDatabase database = new EmbeddedDatabase(builder.start());
      database.createDatabaseIfMissing();
      return database;
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not start", e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  /**
   * Makes {@code role} a login role with {@code password}, holding the privileges of the group role
   * {@code memberOf} and nothing else (the group is created empty if the owning service has not
   * migrated yet; its migration grants what the group may do).
   */
  public void ensureLoginRole(String role, String password, String memberOf) {
    if (!role.matches("[a-z_]{3,40}") || !memberOf.matches("[a-z_]{3,40}")) {
      throw new IllegalArgumentException("role names are lower-case words");
    }
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + memberOf
              + "') THEN CREATE ROLE "
              + memberOf
              + " NOLOGIN; END IF; IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + role
              + "') THEN CREATE ROLE "
              + role
              + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS; END IF; END $$");
      try (var set = connection.prepareStatement("SELECT set_config('medmaas.pw', ?, false)")) {
        set.setString(1, password);
        set.execute();
      }
      statement.execute(
          "DO $$ BEGIN EXECUTE format('ALTER ROLE "
              + role
              + " PASSWORD %L', current_setting('medmaas.pw')); END $$");
      statement.execute("GRANT " + memberOf + " TO " + role);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not set up database role " + role, e);
    }
  }

  private Connection connect() throws SQLException {
    return postgres.getDatabase(USER, DATABASE).getConnection();
  }

  private void createDatabaseIfMissing() {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      statement.execute("CREATE DATABASE " + DATABASE);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create database " + DATABASE, e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
