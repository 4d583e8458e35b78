package io.medmaas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.launcher.Stack;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
          "every answer is a success or a 503 with Retry-After: " + AccessRecords.summary(answers));
    }
    assertTrue(
        whileDown.stream().noneMatch(Load.Answer::ok),
        "nothing was answered 2xx while its record could not be written");

    Map<String, List<AccessRecords.Stored>> records = AccessRecords.accessRecords(from);
    AccessRecords.report("PostgreSQL killed", answers, records);
    Set<String> succeeded = AccessRecords.idsOf(answers, true);
    assertEquals(succeeded.size(), records.size(), "as many access records as 2xx answers");
    assertEquals(succeeded, records.keySet(), "the records are those of the 2xx answers");
    AccessRecords.assertEachOnceAndWhole(records, answers);
    AccessRecords.assertChainsVerify();
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
        "successes, or 502/503 while inference was away: " + AccessRecords.summary(answers));
    assertTrue(
        statuses.contains(502) || statuses.contains(503),
        "the gateway answered for the missing service: " + AccessRecords.summary(answers));

    Map<String, List<AccessRecords.Stored>> records = AccessRecords.accessRecords(from);
    AccessRecords.report("inference killed", answers, records);
    assertEquals(
        AccessRecords.idsOf(answers, false),
        records.keySet(),
        "every answer, failures too, has its record");
    AccessRecords.assertEachOnceAndWhole(records, answers);
    AccessRecords.assertChainsVerify();
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
    assertTrue(unanswered > 0, "the load met the dead gateway: " + AccessRecords.summary(answers));
    // sent before the kill and never answered: under way when the gateway died (one per client)
    long cutOff = answers.stream().filter(a -> !a.answered() && a.sentNanos() < killed).count();
    assertTrue(cutOff <= CLIENTS, "at most one request per client was under way: " + cutOff);
    assertTrue(
        answers.stream().filter(Load.Answer::answered).allMatch(Load.Answer::ok),
        "whatever was answered succeeded: " + AccessRecords.summary(answers));

    Map<String, List<AccessRecords.Stored>> records = AccessRecords.accessRecords(from);
    AccessRecords.report("gateway killed", answers, records);
    Set<String> succeeded = AccessRecords.idsOf(answers, true);
    assertTrue(records.keySet().containsAll(succeeded), "every 2xx the client saw has its record");
    // a request whose record committed as the gateway died was never answered: at most those
    assertTrue(
        records.size() - succeeded.size() <= cutOff,
        "no record beyond the requests under way when the gateway died: "
            + (records.size() - succeeded.size())
            + " of "
            + cutOff);
    AccessRecords.assertEachOnceAndWhole(records, answers);
    AccessRecords.assertChainsVerify();
  }
}
