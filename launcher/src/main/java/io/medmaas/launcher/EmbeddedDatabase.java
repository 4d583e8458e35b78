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

  private static final String HBA =
      """
      # medmaas: every connection authenticates with its role's password (no trust, no peer)
      local all all scram-sha-256
      host  all all 127.0.0.1/32 scram-sha-256
      host  all all ::1/128 scram-sha-256
      """;

  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final String superuserPassword;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir, String superuserPassword) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.superuserPassword = superuserPassword;
  }

  /**
   * Starts PostgreSQL on {@code port} (0 for any) with data under {@code dataDir}. zonky's initdb
   * trusts every local connection; here the superuser gets {@code superuserPassword} and {@code
   * pg_hba.conf} is rewritten so that every role, the superuser included, must give its password
   * (SCRAM), on every start.
   */
  public static EmbeddedDatabase start(Path dataDir, int port, String superuserPassword) {
    try {
      Files.createDirectories(dataDir.getParent());
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              .setServerConfig("password_encryption", "scram-sha-256")
              // zonky's own readiness check logs in as the superuser: with its password, since a
              // data folder from an earlier start asks for one
              .setConnectConfig("password", superuserPassword)
              // a start after a crash replays the write-ahead log first
              .setPGStartupWait(java.time.Duration.ofSeconds(60));
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedDatabase database = new EmbeddedDatabase(builder.start(), dataDir, superuserPassword);
      database.requirePasswords(dataDir);
      database.createDatabaseIfMissing();
      return database;
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not start", e);
    }
  }

  /**
   * Ends the server as a crash would (the fault tests): SIGKILL to the postmaster and every process
   * it started, with no shutdown checkpoint; the next {@link #start} on the same folder recovers
   * from the write-ahead log. Returns once none of them runs; this object is spent.
   */
  public void kill() {
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("PostgreSQL's postmaster.pid cannot be read", e);
    }
    ProcessHandle postmaster =
        ProcessHandle.of(pid)
            .orElseThrow(() -> new IllegalStateException("PostgreSQL is not running"));
    // stopped first, the postmaster forks no more: its children are then all there to be killed
    signal("STOP", pid);
    java.util.Set<ProcessHandle> all = new java.util.LinkedHashSet<>();
    all.add(postmaster);
    all.addAll(postmaster.descendants().toList());
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    while (all.stream().anyMatch(ProcessHandle::isAlive)) {
      all.forEach(ProcessHandle::destroyForcibly);
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("PostgreSQL's processes outlived SIGKILL");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    // releases zonky's lock on the folder; its own stop finds no server and says so
    close();
  }

  private static void signal(String signal, long pid) {
    try {
      new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  /**
   * Creates (or updates) the platform's login roles with their passwords and what they hold that no
   * migration can grant: the owners' right to create their schema, the audit writer group, and the
   * ownership of objects an earlier release created as the superuser.
   */
  public void ensureServiceRoles(java.util.Map<String, String> passwords) {
    for (String role : DatabaseRoles.LOGINS) {
      String password = passwords.get(role);
      if (password == null) {
        throw new IllegalArgumentException("no password for " + role);
      }
      ensureLogin(role, password);
    }
    try (Connection connection = connect(DATABASE);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + DatabaseRoles.AUDIT_WRITER
              + "') THEN CREATE ROLE "
              + DatabaseRoles.AUDIT_WRITER
              + " NOLOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$");
      statement.execute("GRANT " + DatabaseRoles.AUDIT_WRITER + " TO " + DatabaseRoles.GATEWAY);
      // the registry's V3 grants its app role to the migrating user, which needs the admin option
      statement.execute(
          "GRANT "
              + DatabaseRoles.REGISTRY_APP
              + " TO "
              + DatabaseRoles.REGISTRY_OWNER
              + " WITH ADMIN OPTION");
      for (var owned : DatabaseRoles.OWNED_SCHEMAS) {
        statement.execute("GRANT CREATE ON DATABASE " + DATABASE + " TO " + owned.get(1));
        statement.execute(transferOwnership(owned.get(0), owned.get(1)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not set up the database roles", e);
    }
  }

  /** Makes {@code role} a login role with {@code password} and no special attribute. */
  private void ensureLogin(String role, String password) {
    if (!role.matches("[a-z_]{3,40}")) {
      throw new IllegalArgumentException("role names are lower-case words");
    }
    try (Connection connection = connect(DATABASE);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + role
              + "') THEN CREATE ROLE "
              + role
              + " LOGIN; END IF; END $$");
      statement.execute(
          "ALTER ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS");
      setPassword(connection, role, password);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not set up database role " + role, e);
    }
  }

  /** The password goes through a bound parameter, never into SQL text or a log line. */
  private static void setPassword(Connection connection, String role, String password)
      throws SQLException {
    try (var set = connection.prepareStatement("SELECT set_config('medmaas.pw', ?, false)")) {
      set.setString(1, password);
      set.execute();
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "DO $$ BEGIN EXECUTE format('ALTER ROLE "
              + role
              + " PASSWORD %L', current_setting('medmaas.pw')); END $$");
      statement.execute("RESET medmaas.pw");
    }
  }

  /**
   * The schema, its tables, sequences and functions, owned by {@code owner}: a data folder from a
   * release whose services migrated as the superuser is brought to the owner role (an owned
   * sequence follows its table).
   */
  private static String transferOwnership(String schema, String owner) {
    return """
        DO $$
        DECLARE r record;
        BEGIN
          IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = '%1$s') THEN RETURN; END IF;
          EXECUTE 'ALTER SCHEMA %1$s OWNER TO %2$s';
          FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = '%1$s' AND c.relkind IN ('r', 'p', 'v', 'm')
                     AND c.relowner <> '%2$s'::regrole LOOP
            EXECUTE format('ALTER TABLE %1$s.%%I OWNER TO %2$s', r.relname);
          END LOOP;
          FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = '%1$s' AND c.relkind = 'S' AND c.relowner <> '%2$s'::regrole
                     AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid
                                     AND d.deptype IN ('a', 'i')) LOOP
            EXECUTE format('ALTER SEQUENCE %1$s.%%I OWNER TO %2$s', r.relname);
          END LOOP;
          FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p
                   JOIN pg_namespace n ON n.oid = p.pronamespace
                   WHERE n.nspname = '%1$s' AND p.proowner <> '%2$s'::regrole LOOP
            EXECUTE format('ALTER FUNCTION %%s OWNER TO %2$s', r.f);
          END LOOP;
        END $$
        """
        .formatted(schema, owner);
  }

  /**
   * Sets the superuser's password and makes every connection give one. On a data folder secured by
   * an earlier start, the connection needs the password already; a folder secured with another
   * password (its keys were deleted) cannot be opened, and the message says what to do.
   */
  private void requirePasswords(Path dataDir) {
    try (Connection connection = connect("postgres")) {
      setPassword(connection, USER, superuserPassword);
      Files.writeString(dataDir.resolve("pg_hba.conf"), HBA);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_reload_conf()");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not log in to the local PostgreSQL with this install's superuser password; if"
              + " its keys were deleted, delete "
              + dataDir
              + " too (its data goes with it)",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A connection as the superuser, with its password. */
  public Connection connect(String database) throws SQLException {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("user", USER);
    properties.setProperty("password", superuserPassword);
    return java.sql.DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port() + "/" + database, properties);
  }

  private void createDatabaseIfMissing() {
    try (Connection connection = connect("postgres");
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
