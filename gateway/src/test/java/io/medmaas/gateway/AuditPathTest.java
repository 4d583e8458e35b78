package io.medmaas.gateway;

import static io.medmaas.gateway.Fixtures.BODY;
import static io.medmaas.gateway.Fixtures.PREDICT;
import static io.medmaas.gateway.Fixtures.record;
import static io.medmaas.gateway.Fixtures.signed;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.medmaas.common.audit.AuditText;
import io.medmaas.gateway.audit.AuditWriter;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit path under attack and under faults: no value a caller controls can fail another
 * caller's request, one bad record fails only its own, commits are durable and grouped, and a store
 * that is down or hung gives 503 with Retry-After at once, then recovers by itself.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(InternalTrustResource.class)
@WithTestResource(AuditStoreResource.class)
class AuditPathTest {

  private static final String FOUR_KB = "a".repeat(4096);

  @OidcWireMock WireMockServer server;

  @ConfigProperty(name = "keycloak.url")
  String keycloakUrl;

  @Inject AuditWriter writer;

  private String issuer;
  private String goodToken;

  @BeforeEach
  void stubs() {
    issuer = Fixtures.issuer(keycloakUrl);
    Fixtures.stubTenants(server, issuer);
    Fixtures.stubPrediction(server);
    goodToken = signed(Fixtures.token(issuer, "clinician"));
    // each test starts with a writer that takes records (another's fault may have paused it)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!writer.admits(true) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(200, post(PREDICT, goodToken).statusCode(), "warm and well");
  }

  private Response post(String path, String token) {
    return given()
        .urlEncodingEnabled(false)
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(path);
  }

  private static <T> List<T> concurrently(List<Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<T>> futures = new ArrayList<>();
      calls.forEach(call -> futures.add(pool.submit(call)));
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Predicts until the writer takes records again (at most 10 s); returns the answer. */
  private Response awaitRecovery() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Response answer;
    do {
      Thread.sleep(100);
      answer = post(PREDICT, goodToken);
    } while (answer.statusCode() != 200 && System.nanoTime() < deadline);
    assertEquals(200, answer.statusCode(), "the writer recovered by itself");
    return answer;
  }

  @Test
  void theWritersOwnConnectionsCommitDurably() {
    Map<String, String> settings =
        writer.durability().toCompletionStage().toCompletableFuture().join();
    assertEquals("on", settings.get("fsync"));
    assertEquals("on", settings.get("synchronous_commit"));
  }

  @Test
  void aPoisonedBatchFailsOnlyThePoisonedRequests() throws Exception {
    String version = "/api/v1/models/breast-cancer-diagnosis/versions/";
    List<String> badPaths =
        List.of(
            "/api/v1/models/x%00/predict",
            "/api/v1/models/%C3%28/predict",
            "/api/v1/models/a%07b/predict",
            "/api/v1/models/" + FOUR_KB + "/predict",
            version + "1%00/predict",
            version + "%C3%28/predict",
            version + "1%07/predict",
            version + FOUR_KB + "/predict");
    List<String> badSubjects =
        List.of(
            signed(Fixtures.token(issuer, "clinician").subject("a\u0000b")),
            PoisonedTokens.withInvalidUtf8Subject(issuer),
            signed(Fixtures.token(issuer, "clinician").subject("a\u0007b")),
            signed(Fixtures.token(issuer, "clinician").subject(FOUR_KB)));
    List<Callable<Response>> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      calls.add(() -> post(PREDICT, goodToken));
      if (i < badPaths.size()) {
        String path = badPaths.get(i);
        calls.add(() -> post(path, goodToken));
      }
      if (i < badSubjects.size()) {
        String token = badSubjects.get(i);
        calls.add(() -> post(PREDICT, token));
      }
    }
    List<Response> answers = concurrently(calls);
    int good = 0;
    for (Response answer : answers) {
      Map<String, Object> record = record(answer.header("X-Request-Id"));
      assertEquals(answer.statusCode(), record.get("outcome"));
      if (answer.statusCode() == 200) {
        good++;
        assertEquals("breast-cancer-diagnosis", record.get("model"));
        assertEquals("u-123", record.get("subject"));
      } else if (answer.statusCode() == 404) {
        assertTrue(
            AuditText.INVALID.equals(record.get("model"))
                || AuditText.INVALID.equals(record.get("model_version")),
            "the bad name is recorded as a marker: " + record);
      } else {
        assertEquals(401, answer.statusCode(), answer.asString());
        assertTrue(
            record.get("subject") == null || AuditText.INVALID.equals(record.get("subject")),
            "the bad subject is not recorded: " + record);
      }
    }
    assertEquals(40, good, "every good request was answered and recorded");
    assertEquals(40 + badPaths.size() + badSubjects.size(), answers.size());
  }

  @Test
  void aRecordTheStoreRefusesFailsOnlyItsOwnRequest() throws Exception {
    Fixtures.execute(
        "ALTER TABLE registry.audit_event ADD CONSTRAINT test_refuses_poison"
            + " CHECK (username IS DISTINCT FROM 'poison.user') NOT VALID");
    String poison = signed(Fixtures.token(issuer, "clinician").preferredUserName("poison.user"));
    try (Connection holder = AuditStoreResource.superuser()) {
      holder.setAutoCommit(false);
      // writes wait behind this lock for a moment, so that the requests below share one batch
      holder.createStatement().execute("LOCK TABLE registry.audit_event IN SHARE MODE");
      List<Callable<Response>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(() -> post(PREDICT, goodToken));
        if (i == 8) {
          calls.add(() -> post(PREDICT, poison));
        }
      }
      Thread release =
          new Thread(
              () -> {
                try {
                  Thread.sleep(300);
                  holder.rollback();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      release.start();
      double splitBefore = writer.splitBatches();
      List<Response> answers = concurrently(calls);
      release.join();
      List<String> goodIds = new ArrayList<>();
      for (Response answer : answers) {
        String requestId = answer.header("X-Request-Id");
        if (answer.statusCode() == 503) {
          assertEquals("1", answer.header("Retry-After"));
          assertTrue(Fixtures.records(requestId).isEmpty());
        } else {
          assertEquals(200, answer.statusCode(), answer.asString());
          assertNotNull(record(requestId));
          goodIds.add(requestId);
        }
      }
      assertEquals(16, goodIds.size(), "only the poisoned request failed");
      assertTrue(
          writer.splitBatches() > splitBefore,
          "the poisoned record shared a batch, which was written again record by record");
    } finally {
      Fixtures.execute("ALTER TABLE registry.audit_event DROP CONSTRAINT test_refuses_poison");
    }
  }

  @Test
  void concurrentRequestsShareTransactionsAndEachIsRecordedOnce() throws Exception {
    List<Callable<Response>> calls = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      calls.add(() -> post(PREDICT, goodToken));
    }
    List<String> ids = new ArrayList<>();
    for (Response answer : concurrently(calls)) {
      assertEquals(200, answer.statusCode());
      ids.add(answer.header("X-Request-Id"));
      assertEquals(1, Fixtures.records(answer.header("X-Request-Id")).size());
    }
    assertEquals(48, ids.stream().distinct().count());
    long transactions = Fixtures.transactionsOf(ids);
    assertTrue(transactions < 48, transactions + " transactions for 48 records");
  }

  @Test
  void aStoreThatIsDownIs503WithRetryAfterAtOnceAndTheWriterRecovers() throws Exception {
    AuditStoreResource.proxy().cut();
    try {
      for (String path : List.of(PREDICT, "/v2/models/breast-cancer-diagnosis/ready")) {
        long started = System.nanoTime();
        Response answer =
            path.startsWith("/v2")
                ? given().auth().oauth2(goodToken).get(path)
                : post(path, goodToken);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(503, answer.statusCode());
        assertEquals("1", answer.header("Retry-After"));
        assertTrue(millis < 1000, "answered in " + millis + " ms");
        if (path.startsWith("/v2")) {
          assertEquals("application/json", answer.contentType());
          assertNotNull(answer.jsonPath().getString("error"));
        } else {
          assertEquals("application/problem+json", answer.contentType());
          assertTrue(!answer.asString().contains("malignant"), "no unaudited answer leaves");
        }
      }
    } finally {
      AuditStoreResource.proxy().restore();
    }
    assertNotNull(record(awaitRecovery().header("X-Request-Id")));
  }

  @Test
  void aStoreThatHangsIs503WithinTheWriteTimeoutAndTheRequestIsNotRecordedAsAnswered()
      throws Exception {
    String requestId;
    try (Connection holder = AuditStoreResource.superuser()) {
      holder.setAutoCommit(false);
      holder.createStatement().execute("LOCK TABLE registry.audit_event IN SHARE MODE");
      long started = System.nanoTime();
      Response answer = post(PREDICT, goodToken);
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertEquals(503, answer.statusCode());
      assertEquals("1", answer.header("Retry-After"));
      assertTrue(millis < 1000, "answered in " + millis + " ms");
      requestId = answer.header("X-Request-Id");
      Thread.sleep(1000); // the lock outlives the server's statement timeout
      holder.rollback();
    }
    Thread.sleep(300);
    assertTrue(
        Fixtures.records(requestId).isEmpty(),
        "a request answered 503 is not recorded as answered 200 later");
  }

  @Test
  void aStoreThatStopsAnsweringIs503AtOnceAndHoldsNoWriterForEver() throws Exception {
    AuditStoreResource.proxy().stall();
    try {
      long started = System.nanoTime();
      Response first = post(PREDICT, goodToken);
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertEquals(503, first.statusCode());
      assertEquals("1", first.header("Retry-After"));
      assertTrue(millis < 1000, "answered in " + millis + " ms");
      started = System.nanoTime();
      assertEquals(503, post(PREDICT, goodToken).statusCode());
      long next = (System.nanoTime() - started) / 1_000_000;
      assertTrue(next < 300, "the next one at once: " + next + " ms");
      Thread.sleep(600); // past the pause: the next record is tried again, on a new connection
      started = System.nanoTime();
      assertEquals(503, post(PREDICT, goodToken).statusCode());
      millis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(millis < 1000, "still no hang behind the stalled store: " + millis + " ms");
    } finally {
      AuditStoreResource.proxy().restore();
    }
    awaitRecovery();
  }

  @Test
  void aChangeCarriedOutButNotAuditedSaysSoAndDoesNotInviteARetry() throws Exception {
    var slow =
        server.stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.post(
                    com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(
                        "/auth/registry/internal/models/m1/rollback"))
                .willReturn(
                    com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"version\":\"1\"}")
                        .withFixedDelay(800)));
    String admin = signed(Fixtures.token(issuer, "hospital-admin"));
    Thread cut =
        new Thread(
            () -> {
              try {
                Thread.sleep(300);
                AuditStoreResource.proxy().cut();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    try {
      cut.start();
      Response answer = given().auth().oauth2(admin).post("/api/v1/models/m1/rollback");
      assertEquals(503, answer.statusCode());
      assertNull(answer.header("Retry-After"), "repeating a rollback is not harmless");
      assertTrue(answer.jsonPath().getString("detail").contains("carried out"), answer.asString());
    } finally {
      cut.join();
      AuditStoreResource.proxy().restore();
      server.removeStub(slow);
    }
    Thread.sleep(600);
  }

  @Test
  void aRequestIsNotCarriedOutWhenItsRecordCouldNotBeWritten() throws Exception {
    AuditStoreResource.proxy().cut();
    try {
      post(PREDICT, goodToken); // fails the store: the writer now refuses for a moment
      server.resetRequests();
      Response answer = post(PREDICT, goodToken);
      assertEquals(503, answer.statusCode());
      assertEquals("1", answer.header("Retry-After"));
      assertEquals(
          0,
          server
              .findAll(
                  com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                      com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(
                          "/auth/inference/internal/models/breast-cancer-diagnosis/predict")))
              .size(),
          "not forwarded: nothing was done");
    } finally {
      AuditStoreResource.proxy().restore();
    }
    Thread.sleep(600);
  }
}
