package io.medmaas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the fault and scale-out tests check in the audit log after a load: the access records of the
 * demo tenant's predictions, each once and whole, their chains intact.
 */
final class AccessRecords {

  static final String TENANT = "aurora-general";

  /** An access record as the database holds it. */
  record Stored(String requestId, int outcome, boolean complete) {}

  private AccessRecords() {}

  /** What the load saw and what the log holds, for the build's output. */
  static void report(String fault, List<Load.Answer> answers, Map<?, ?> records) {
    System.out.println(
        "[fault] "
            + fault
            + ": answers "
            + summary(answers)
            + " (-1: no answer), access records "
            + records.size());
  }

  /** The request ids of the answers: only the 2xx ones, or every answered one. */
  static Set<String> idsOf(List<Load.Answer> answers, boolean okOnly) {
    Set<String> ids = new HashSet<>();
    for (Load.Answer answer : answers) {
      if (answer.answered() && (!okOnly || answer.ok())) {
        assertTrue(answer.requestId() != null, "every answer names its request");
        assertTrue(ids.add(answer.requestId()), "request ids are unique");
      }
    }
    return ids;
  }

  /**
   * Each request id has exactly one record (the table's unique index on access records' request ids
   * makes a second impossible; checked all the same), whole (every field an access record of a
   * prediction has, and linked into its chain), and its outcome is the status the client saw.
   */
  static void assertEachOnceAndWhole(Map<String, List<Stored>> records, List<Load.Answer> answers) {
    Map<String, Integer> seen = new HashMap<>();
    answers.stream()
        .filter(a -> a.requestId() != null)
        .forEach(a -> seen.put(a.requestId(), a.status()));
    records.forEach(
        (id, stored) -> {
          assertEquals(1, stored.size(), "request " + id + " is recorded once");
          assertTrue(stored.get(0).complete(), "request " + id + "'s record is whole");
          Integer status = seen.get(id);
          if (status != null) {
            assertEquals(status, stored.get(0).outcome(), "request " + id + "'s outcome");
          }
        });
  }

  /**
   * The access records of the tenant's predictions since {@code from} (the load's: nothing else
   * runs meanwhile; a failure's record names no model unless a service vouched for it), by request
   * id, read as the database's superuser once the linker has linked them.
   */
  static Map<String, List<Stored>> accessRecords(Instant from) throws Exception {
    assertChainsVerify(); // links what is committed
    Map<String, List<Stored>> records = new HashMap<>();
    try (Connection connection = LocalPlatform.superuser();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT request_id, outcome, subject IS NOT NULL AND source IS NOT NULL"
                    + " AND latency_ms IS NOT NULL AND client_address IS NOT NULL"
                    + " AND hash IS NOT NULL AND chain_seq IS NOT NULL"
                    + " AND (outcome NOT BETWEEN 200 AND 299"
                    + "      OR (input_digest IS NOT NULL AND model_version IS NOT NULL))"
                    + " FROM registry.audit_event WHERE kind = 'access' AND tenant_id = ?"
                    + " AND action = 'model.predict' AND occurred_at >= ?")) {
      select.setString(1, TENANT);
      select.setTimestamp(2, Timestamp.from(from));
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          records
              .computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
              .add(new Stored(rs.getString(1), rs.getInt(2), rs.getBoolean(3)));
        }
      }
    }
    return records;
  }

  /** The tenant's chain and the chain of the records of no tenant verify, from first to head. */
  static void assertChainsVerify() throws Exception {
    String admin = LocalPlatform.tokens().userToken("medmaas", "platform.admin");
    for (String chain : List.of("?tenant=" + TENANT, "?tenantless=true")) {
      HttpResponse<String> report =
          LocalPlatform.send("GET", "/api/v1/audit-events/verify" + chain, admin, null);
      assertEquals(200, report.statusCode(), report.body());
      assertTrue(report.body().contains("\"intact\":true"), report.body());
      assertFalse(report.body().contains("firstBroken"), report.body());
    }
  }

  /** How many answers of each status, for a failure's message. */
  static String summary(List<Load.Answer> answers) {
    return answers.stream()
        .collect(Collectors.groupingBy(Load.Answer::toString, TreeMap::new, Collectors.counting()))
        .toString();
  }
}
