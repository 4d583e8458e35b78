package io.medmaas.common.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The one statement that appends to the audit log, used by every writer (the gateway's access
 * records, the registry's change records): any number of records in one {@code INSERT}, one array
 * parameter per column, so the statement is prepared once whatever the batch size. The database
 * refuses a second access record with a request id already in the log (a unique index).
 */
public final class AuditTable {

  /** The audit log's table; its schema and migrations belong to the registry. */
  public static final String TABLE = "registry.audit_event";

  /** How a driver writes the n-th parameter: {@code $n} (Vert.x) or {@code ?} (JDBC). */
  public enum Placeholders {
    NUMBERED,
    QUESTION_MARKS
  }

  /** A column: its name, its SQL element type and how a record gives its value. */
  public record Column(String name, String type, Function<AuditRecord, Object> value) {}

  public static final List<Column> COLUMNS =
      List.of(
          new Column("kind", "text", AuditRecord::kind),
          new Column(
              "occurred_at",
              "timestamptz",
              r -> OffsetDateTime.ofInstant(r.occurredAt(), ZoneOffset.UTC)),
          new Column("request_id", "text", AuditRecord::requestId),
          new Column("tenant_id", "text", AuditRecord::tenant),
          new Column("subject", "text", AuditRecord::subject),
          new Column("username", "text", AuditRecord::username),
          new Column("client_id", "text", AuditRecord::clientId),
          new Column("token_id", "text", AuditRecord::tokenId),
          new Column("client_address", "text", AuditRecord::clientAddress),
          new Column("action", "text", AuditRecord::action),
          new Column("model", "text", AuditRecord::model),
          new Column("model_version", "text", AuditRecord::modelVersion),
          new Column("outcome", "int4", AuditRecord::outcome),
          new Column("problem_type", "text", AuditRecord::problemType),
          new Column("latency_ms", "int4", AuditRecord::latencyMs),
          new Column("input_digest", "text", AuditRecord::inputDigest),
          new Column("before_state", "text", AuditRecord::before),
          new Column("after_state", "text", AuditRecord::after),
          new Column("instances", "int4", AuditRecord::instances),
          new Column("source", "text", AuditRecord::source));

  private AuditTable() {}

  /** The append statement in a driver's parameter syntax. */
  public static String insert(Placeholders style) {
    String names = COLUMNS.stream().map(Column::name).collect(Collectors.joining(", "));
    String arrays =
        IntStream.range(0, COLUMNS.size())
            .mapToObj(
                i ->
                    (style == Placeholders.NUMBERED ? "$" + (i + 1) : "?")
                        + "::"
                        + COLUMNS.get(i).type()
                        + "[]")
            .collect(Collectors.joining(", "));
    return "INSERT INTO " + TABLE + " (" + names + ") SELECT * FROM unnest(" + arrays + ")";
  }

  /** The statement's parameters for {@code records}: one array per column, in column order. */
  public static List<Object[]> parameters(List<AuditRecord> records) {
    return COLUMNS.stream()
        .map(
            column -> {
              Object[] values = newArray(column.type(), records.size());
              for (int i = 0; i < records.size(); i++) {
                values[i] = column.value().apply(records.get(i));
              }
              return values;
            })
        .toList();
  }

  /** Appends records on a JDBC connection, in its current transaction. */
  public static void append(Connection connection, List<AuditRecord> records) throws SQLException {
    List<Object[]> values = parameters(records);
    try (PreparedStatement statement =
        connection.prepareStatement(insert(Placeholders.QUESTION_MARKS))) {
      for (int i = 0; i < COLUMNS.size(); i++) {
        statement.setArray(i + 1, connection.createArrayOf(COLUMNS.get(i).type(), values.get(i)));
      }
      statement.executeUpdate();
    }
  }

  private static Object[] newArray(String type, int size) {
    return switch (type) {
      case "int4" -> new Integer[size];
      case "timestamptz" -> new OffsetDateTime[size];
      default -> new String[size];
    };
  }
}
