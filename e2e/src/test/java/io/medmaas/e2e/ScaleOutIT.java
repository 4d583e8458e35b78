package io.medmaas.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.launcher.Stack;
import io.medmaas.launcher.StackConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * What a rolling upgrade needs, on one machine: two gateways in front of two inference instances,
 * under a paced load spread over both gateways (as a load balancer would), lose one of each to
 * SIGKILL. Requests go on succeeding: one that cannot connect to a gateway, or that a gateway
 * cannot connect to an inference instance, goes to the other (nothing was sent, so that is safe);
 * only the few under way in a killed process fail, and no answered request lacks its audit record.
 */
@org.junit.jupiter.api.extension.ExtendWith(LocalPlatform.class)
@Order(6)
class ScaleOutIT {

  private static final String MODEL = "diabetes-progression";
  private static final String PREDICT = "/api/v1/models/" + MODEL + "/predict";
  private static final int CLIENTS = 4;

  /** After a kill, how long the survivors may take to stop offering the dead one (pools). */
  private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void oneOfTwoGatewaysAndOneOfTwoInferenceInstancesDieAndRequestsGoOn() throws Exception {
    Stack stack = LocalPlatform.stack();
    StackConfig config = stack.config();
    int secondInference = freePort();
    stack.startVariant("inference", "inference-2", secondInference, Map.of());
    String inferences = config.url(config.inferencePort()) + "," + config.url(secondInference);
    List<String> gateways = List.of(config.url(freePort()), config.url(freePort()));
    for (int i = 0; i < gateways.size(); i++) {
      String url = gateways.get(i);
      stack.startVariant(
          "gateway",
          "gateway-" + (char) ('a' + i),
          Integer.parseInt(url.substring(url.lastIndexOf(':') + 1)),
          Map.of("medmaas.upstream.inference-url", inferences, "medmaas.quotas.replicas", "2"));
    }
    String body =
        Files.readString(
            LocalPlatform.home().resolve("models/" + MODEL + "/1/example-request.json"));
    String ada = LocalPlatform.tokens().userToken(AccessRecords.TENANT, "dr.ada");

    Instant from = Instant.now();
    Load load = Load.start(gateways, PREDICT, ada, body, CLIENTS, Duration.ofMillis(100));
    load.awaitSuccesses(20);
    long killed = System.nanoTime();
    stack.kill("inference-2");
    stack.kill("gateway-a");
    Thread.sleep(3_000);
    load.awaitSuccesses(20);
    List<Load.Answer> answers = load.stop();

    String seen = AccessRecords.summary(answers);
    System.out.println("[scale-out] one gateway and one inference killed: answers " + seen);
    List<Load.Answer> settled =
        answers.stream().filter(a -> a.sentNanos() > killed + SETTLE_NANOS).toList();
    assertTrue(settled.size() >= 40, "requests were sent after the kills: " + seen);
    assertTrue(
        settled.stream().allMatch(Load.Answer::ok),
        "after the kills every request succeeds through the survivors: "
            + AccessRecords.summary(settled));
    List<Load.Answer> failed = answers.stream().filter(a -> !a.ok()).toList();
    assertTrue(
        failed.size() <= 2 * CLIENTS,
        "only requests under way in the killed processes failed: " + seen);
    assertTrue(
        failed.stream().allMatch(a -> !a.answered() || a.status() == 502 || a.status() == 503),
        "a failure is a dropped connection or the gateway's 502/503: " + seen);

    Map<String, List<AccessRecords.Stored>> records = AccessRecords.accessRecords(from);
    Set<String> succeeded = AccessRecords.idsOf(answers, true);
    assertTrue(records.keySet().containsAll(succeeded), "every 2xx has its access record");
    Set<String> answered = AccessRecords.idsOf(answers, false);
    long unanswered = answers.stream().filter(a -> !a.answered()).count();
    assertTrue(
        records.size() - answered.size() <= unanswered,
        "no record beyond the requests the killed gateway took and never answered");
    // the gateway's own 502/503 answers are audited too, each with the status the client saw
    assertTrue(records.keySet().containsAll(answered), "every answer has its access record");
    AccessRecords.assertEachOnceAndWhole(records, answers);
    AccessRecords.assertChainsVerify();
  }
}
