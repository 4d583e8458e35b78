package io.medmaas.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How the gateway group-committed the access records of a measurement: records and distinct writing
 * transactions (each row's {@code xmin}) between two points of the audit log.
 */
final class AuditBatches {

  private final String jdbcUrl;

  private final String superuserPassword;

  /** Reads the audit table as the superuser (its password is the local install's). */
  AuditBatches(String jdbcUrl, String superuserPassword) {
    this.superuserPassword = superuserPassword;
    this.jdbcUrl = jdbcUrl;
  }

  /** The newest audit row's id now. */
  long mark() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT coalesce(max(id), 0) FROM registry.audit_event")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Records per transaction among the access records written after {@code from}. */
  double recordsPerTransaction(long from) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*), count(DISTINCT xmin::text) FROM registry.audit_event"
                    + " WHERE kind = 'access' AND id > "
                    + from)) {
      r.next();
      return r.getLong(2) == 0 ? 0 : (double) r.getLong(1) / r.getLong(2);
    }
  }

  /** Sets PostgreSQL's fsync for the whole cluster (a reload, no restart). */
  void fsync(boolean on) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(on ? "ALTER SYSTEM RESET fsync" : "ALTER SYSTEM SET fsync = off");
      s.execute("SELECT pg_reload_conf()");
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, "postgres", superuserPassword);
  }
}
