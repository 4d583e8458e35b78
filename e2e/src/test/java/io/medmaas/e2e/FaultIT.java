package io.medmaas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.launcher.Stack;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Nothing accepted is lost: under a paced load of predictions, PostgreSQL, then inference, then the
 * gateway are killed with SIGKILL and started again. Afterwards the audit log holds exactly one
 * access record for every answer the client saw that said its request was carried out (and for
 * every failure the gateway answered), no record twice and none half-written, and every chain
 * verifies. Runs last: it ends with every component started again.
 */
@org.junit.jupiter.api.extension.ExtendWith(LocalPlatform.class)
@Order(4)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultIT {

  private static final String TENANT = "aurora-general";
  private static final String MODEL = "diabetes-progression";
  private static final String PREDICT = "/api/v1/models/" + MODEL + "/predict";

  /** Four clients, each at most ten requests a second: within the tenant's rate of 50 a second. */
  private static final int CLIENTS = 4;

  private static final Duration PACE = Duration.ofMillis(100);

  /** An access record as the database holds it. */
  private record Stored(String requestId, int outcome, boolean complete) {}

  private static Load load() throws Exception {
    String body =
        Files.readString(
            LocalPlatform.home().resolve("models/" + MODEL + "/1/example-request.json"));
    String ada = LocalPlatform.tokens().userToken(TENANT, "dr.ada");
    return Load.start(PREDICT, ada, body, CLIENTS, PACE);
  }

  @Test
  @Order(1)
  void postgresKilledMidLoadLosesNoAcceptedRequest() throws Exception {
    Stack stack = LocalPlatform.stack();
    Instant from = Instant.now();
    Load load = load();
    load.awaitSuccesses(10);
    stack.kill(Stack.POSTGRES);
    long down = System.nanoTime();
    Thread.sleep(3_000);
    long restarting = System.nanoTime();
    stack.restart(Stack.POSTGRES);
    load.awaitSuccesses(10);
    List<Load.Answer> answers = load.stop();

    List<Load.Answer> whileDown =
        answers.stream()
            .filter(a -> a.sentNanos() > down && a.answeredNanos() < restarting)
            .toList();
    assertTrue(whileDown.size() >= 10, "requests were sent while PostgreSQL was down");
    for (Load.Answer answer : answers) {
      assertTrue(
          answer.ok() || (answer.status() == 503 && answer.retryAfter() != null),
          "every answer is a success or a 503 with Retry-After: " + summary(answers));
    }
    assertTrue(
        whileDown.stream().noneMatch(Load.Answer::ok),
        "nothing was answered 2xx while its record could not be written");

    Map<String, List<Stored>> records = accessRecords(from);
    report("PostgreSQL killed", answers, records);
    Set<String> succeeded = idsOf(answers, true);
    assertEquals(succeeded.size(), records.size(), "as many access records as 2xx answers");
    assertEquals(succeeded, records.keySet(), "the records are those of the 2xx answers");
    assertEachOnceAndWhole(records, answers);
    assertChainsVerify();
  }

  @Test
  @Order(2)
  void inferenceKilledMidLoadIsAnsweredAndAuditedAsFailures() throws Exception {
    Stack stack = LocalPlatform.stack();
    Instant from = Instant.now();
    Load load = load();
    load.awaitSuccesses(10);
    stack.kill("inference");
    Thread.sleep(2_000);
    stack.restart("inference");
    load.awaitSuccesses(10);
    List<Load.Answer> answers = load.stop();

    Set<Integer> statuses = answers.stream().map(Load.Answer::status).collect(Collectors.toSet());
    assertTrue(
        statuses.stream().allMatch(s -> (s >= 200 && s < 300) || s == 502 || s == 503),
        "successes, or 502/503 while inference was away: " + summary(answers));
    assertTrue(
        statuses.contains(502) || statuses.contains(503),
        "the gateway answered for the missing service: " + summary(answers));

    Map<String, List<Stored>> records = accessRecords(from);
    report("inference killed", answers, records);
    assertEquals(
        idsOf(answers, false), records.keySet(), "every answer, failures too, has its record");
    assertEachOnceAndWhole(records, answers);
    assertChainsVerify();
  }

  @Test
  @Order(3)
  void gatewayKilledMidLoadLeavesEveryAnswerWithItsRecord() throws Exception {
    Stack stack = LocalPlatform.stack();
    Instant from = Instant.now();
    Load load = load();
    load.awaitSuccesses(10);
    long killed = System.nanoTime();
    stack.kill("gateway");
    stack.restart("gateway");
    load.awaitSuccesses(10);
    List<Load.Answer> answers = load.stop();

    long unanswered = answers.stream().filter(a -> !a.answered()).count();
    assertTrue(unanswered > 0, "the load met the dead gateway: " + summary(answers));
    // sent before the kill and never answered: under way when the gateway died (one per client)
    long cutOff = answers.stream().filter(a -> !a.answered() && a.sentNanos() < killed).count();
    assertTrue(cutOff <= CLIENTS, "at most one request per client was under way: " + cutOff);
    assertTrue(
        answers.stream().filter(Load.Answer::answered).allMatch(Load.Answer::ok),
        "whatever was answered succeeded: " + summary(answers));

    Map<String, List<Stored>> records = accessRecords(from);
    report("gateway killed", answers, records);
    Set<String> succeeded = idsOf(answers, true);
    assertTrue(records.keySet().containsAll(succeeded), "every 2xx the client saw has its record");
    // a request whose record committed as the gateway died was never answered: at most those
    assertTrue(
        records.size() - succeeded.size() <= cutOff,
        "no record beyond the requests under way when the gateway died: "
            + (records.size() - succeeded.size())
            + " of "
            + cutOff);
    assertEachOnceAndWhole(records, answers);
    assertChainsVerify();
  }

  /** What the load saw and what the log holds, for the build's output. */
  private static void report(String fault, List<Load.Answer> answers, Map<?, ?> records) {
    System.out.println(
        "[fault] "
            + fault
            + ": answers "
            + summary(answers)
            + " (-1: no answer), access records "
            + records.size());
  }

  /** The request ids of the answers: only the 2xx ones, or every answered one. */
  private static Set<String> idsOf(List<Load.Answer> answers, boolean okOnly) {
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
  private static void assertEachOnceAndWhole(
      Map<String, List<Stored>> records, List<Load.Answer> answers) {
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
  private static Map<String, List<Stored>> accessRecords(Instant from) throws Exception {
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
  private static void assertChainsVerify() throws Exception {
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
  private static String summary(List<Load.Answer> answers) {
    return answers.stream()
        .collect(Collectors.groupingBy(Load.Answer::toString, TreeMap::new, Collectors.counting()))
        .toString();
  }
}
