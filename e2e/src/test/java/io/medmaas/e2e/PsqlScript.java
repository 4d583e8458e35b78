package io.medmaas.e2e;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a psql script over JDBC with the few psql features the chart's database-roles.sql uses:
 * variables ({@code :'name'} as a literal, {@code :"name"} as an identifier), {@code \gexec} (each
 * row of a query run as a statement), {@code --} comments and {@code $$} bodies; so the tests run
 * the very script a database administrator runs, on a machine without psql.
 */
final class PsqlScript {

  private PsqlScript() {}

  static void run(Connection connection, String script, Map<String, String> variables)
      throws SQLException {
    StringBuilder statement = new StringBuilder();
    boolean inBody = false;
    for (String line : script.lines().toList()) {
      if (!inBody && (line.isBlank() || line.trim().startsWith("--"))) {
        continue;
      }
      if (count(line, "$$") % 2 == 1) {
        inBody = !inBody;
      }
      if (!inBody && line.trim().endsWith("\\gexec")) {
        statement.append(line, 0, line.lastIndexOf("\\gexec"));
        for (String generated : query(connection, substitute(statement.toString(), variables))) {
          execute(connection, generated);
        }
        statement.setLength(0);
        continue;
      }
      statement.append(line).append('\n');
      if (!inBody && line.trim().endsWith(";")) {
        execute(connection, substitute(statement.toString(), variables));
        statement.setLength(0);
      }
    }
    if (!statement.toString().isBlank()) {
      throw new IllegalArgumentException("the script ends inside a statement: " + statement);
    }
  }

  private static String substitute(String sql, Map<String, String> variables) {
    String result = sql;
    for (var variable : variables.entrySet()) {
      result =
          result
              .replace(
                  ":'" + variable.getKey() + "'",
                  "'" + variable.getValue().replace("'", "''") + "'")
              .replace(
                  ":\"" + variable.getKey() + "\"",
                  "\"" + variable.getValue().replace("\"", "\"\"") + "\"");
    }
    if (result.matches("(?s).*:['\"][a-z_]+['\"].*")) {
      throw new IllegalArgumentException("a variable of the script has no value: " + result);
    }
    return result;
  }

  private static List<String> query(Connection connection, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
      n++;
    }
    return n;
  }
}
