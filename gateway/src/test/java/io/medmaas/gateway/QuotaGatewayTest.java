package io.medmaas.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.medmaas.gateway.Fixtures.BODY;
import static io.medmaas.gateway.Fixtures.PREDICT;
import static io.medmaas.gateway.Fixtures.record;
import static io.medmaas.gateway.Fixtures.signed;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The quota stage with tenant-admin's limits stubbed and the shared rate buckets in a real
 * PostgreSQL: a burst at twice the rate accepts exactly the bucket, with the RateLimit fields on
 * every answer and 429 {@code quota-exceeded} with Retry-After past it; a tenant's concurrent
 * requests are held to its share; requests that fail authentication use no quota.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(InternalTrustResource.class)
@WithTestResource(AuditStoreResource.class)
class QuotaGatewayTest {

  /** Clients that really send at once (the common pool has one thread on two cores). */
  private static final java.util.concurrent.ExecutorService CLIENTS =
      java.util.concurrent.Executors.newFixedThreadPool(16);

  @OidcWireMock WireMockServer server;

  @ConfigProperty(name = "keycloak.url")
  String keycloakUrl;

  private String issuer() {
    return Fixtures.issuer(keycloakUrl);
  }

  private Response predict() {
    return given()
        .auth()
        .oauth2(signed(Fixtures.token(issuer(), "clinician")))
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(PREDICT);
  }

  /** Installs limits and waits (at most 5 s) until the gateway enforces them. */
  private void limits(String json, Supplier<Boolean> seen) throws Exception {
    Fixtures.stubTenantWithLimits(server, issuer(), json);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!seen.get() && System.nanoTime() < deadline) {
      Fixtures.execute("SELECT pg_notify('medmaas_tenancy', '{}')");
      Thread.sleep(100);
    }
    assertTrue(seen.get(), "the gateway took the limits");
  }

  @AfterEach
  void noLimits() throws Exception {
    Fixtures.stubTenants(server, issuer());
    Fixtures.stubPrediction(server);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!predict().header("RateLimit-Policy").startsWith("\"rate\";q=100000;")
        && System.nanoTime() < deadline) {
      Fixtures.execute("SELECT pg_notify('medmaas_tenancy', '{}')");
      Thread.sleep(100);
    }
    Fixtures.execute("DELETE FROM tenancy.rate_bucket");
  }

  @Test
  void aTenantWhoseLimitsWereNotSentIsHeldToTheDefaultsNeverUnlimited() {
    Response answer = predict();
    assertEquals(200, answer.statusCode());
    assertEquals(
        "\"rate\";q=100000;w=1, \"concurrency\";q=10000;qu=\"concurrent-requests\"",
        answer.header("RateLimit-Policy"));
  }

  @Test
  void aBurstAtTwiceTheRateAcceptsExactlyTheBucketWithTheRateLimitFields() throws Exception {
    Fixtures.stubPrediction(server);
    // 1 request per second, 6 at once: the probe below uses one of them
    limits(
        "{\"ratePerSecond\":1,\"burst\":6,\"dailyInstances\":1000,\"monthlyInstances\":1000,"
            + "\"maxBatch\":64,\"maxConcurrent\":100}",
        () -> predict().header("RateLimit-Policy").startsWith("\"rate\";q=6;"));
    Fixtures.execute("DELETE FROM tenancy.rate_bucket"); // a full bucket
    Thread.sleep(1100); // and no token leased before the reset still held
    List<Response> answers = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      answers.add(predict());
    }
    long accepted = answers.stream().filter(r -> r.statusCode() == 200).count();
    assertEquals(
        6, accepted, "exactly the bucket: " + answers.stream().map(Response::statusCode).toList());
    Response ok = answers.get(0);
    assertEquals(
        "\"rate\";q=6;w=6, \"concurrency\";q=100;qu=\"concurrent-requests\"",
        ok.header("RateLimit-Policy"));
    assertTrue(ok.header("RateLimit").matches("\"rate\";r=[0-9]+;t=0"), ok.header("RateLimit"));
    Response refused = answers.get(answers.size() - 1);
    assertEquals(429, refused.statusCode());
    assertEquals("application/problem+json", refused.contentType().split(";")[0]);
    assertTrue(refused.asString().contains("https://medmaas.io/problems/quota-exceeded"));
    assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
    assertTrue(refused.header("RateLimit").matches("\"rate\";r=0;t=[1-9][0-9]*"));
    assertEquals(429, record(refused.header("X-Request-Id")).get("outcome"));
    // a request that fails authentication is answered 401 and takes nothing from the bucket
    Response stranger =
        given().auth().oauth2("not-a-token").contentType(ContentType.JSON).body(BODY).post(PREDICT);
    assertEquals(401, stranger.statusCode());
    assertNull(stranger.header("RateLimit"));
    // a quota raised holds at once: nothing learnt under the old limits refuses the next request
    limits(
        "{\"ratePerSecond\":1000,\"burst\":1000,\"dailyInstances\":1000,\"monthlyInstances\":1000,"
            + "\"maxBatch\":64,\"maxConcurrent\":100}",
        () -> predict().statusCode() == 200);
  }

  @Test
  void requestsArrivingTogetherAreServedFromTheWholeBucket() throws Exception {
    Fixtures.stubPrediction(server);
    limits(
        "{\"ratePerSecond\":0.5,\"burst\":16,\"dailyInstances\":1000,\"monthlyInstances\":1000,"
            + "\"maxBatch\":64,\"maxConcurrent\":100}",
        () -> predict().header("RateLimit-Policy").startsWith("\"rate\";q=16;"));
    Thread.sleep(1100);
    Fixtures.execute("DELETE FROM tenancy.rate_bucket"); // a full bucket
    List<CompletableFuture<Integer>> together = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      together.add(CompletableFuture.supplyAsync(() -> predict().statusCode(), CLIENTS));
    }
    List<Integer> statuses = together.stream().map(CompletableFuture::join).toList();
    assertEquals(16, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
    assertEquals(429, predict().statusCode(), "and not one more");
  }

  private static Response predictWith(String key) {
    return given().header("X-API-Key", key).contentType(ContentType.JSON).body(BODY).post(PREDICT);
  }

  @Test
  void aKeyRefusedByItsOwnLimitsTakesNothingFromItsTenantAndItsRotationsShareThem()
      throws Exception {
    Fixtures.stubPrediction(server);
    // the tenant: 5 at once, next to no refill; its keys share that
    limits(
        "{\"ratePerSecond\":0.01,\"burst\":5,\"dailyInstances\":100000,"
            + "\"monthlyInstances\":100000000,\"maxBatch\":64,\"maxConcurrent\":100}",
        () -> predict().header("RateLimit-Policy").startsWith("\"rate\";q=5;"));
    Fixtures.execute("DELETE FROM tenancy.rate_bucket"); // a full bucket
    Thread.sleep(1100); // and no token leased before the reset still held
    KeyStub first = new KeyStub().limits("{\"ratePerSecond\":0.01,\"burst\":2}");
    String rated = first.stub(server);
    // its successor after a rotation: the same lineage, so the same bucket
    String rotated = new KeyStub().limits(first.limits).lineage(first.id).stub(server);
    List<Integer> statuses = new ArrayList<>();
    statuses.add(predictWith(rated).statusCode());
    statuses.add(predictWith(rotated).statusCode());
    statuses.add(predictWith(rotated).statusCode());
    statuses.add(predictWith(rated).statusCode());
    assertEquals(
        List.of(200, 200, 429, 429), statuses, "one bucket of 2 for the key and its successor");
    String daily = new KeyStub().limits("{\"dailyInstances\":1}").stub(server);
    assertEquals(200, predictWith(daily).statusCode());
    Thread.sleep(1100); // the gateway reads the counters once a second
    Response overQuota = predictWith(daily);
    assertEquals(429, overQuota.statusCode());
    assertTrue(overQuota.asString().contains("This API key has used its daily"));
    assertEquals(429, predictWith(daily).statusCode());
    // the tenant's bucket gave 3 of its 5 (the refusals took none): two more, then none
    String other = new KeyStub().stub(server);
    assertEquals(200, predictWith(other).statusCode());
    assertEquals(200, predictWith(other).statusCode());
    Response tenantOver = predictWith(other);
    assertEquals(429, tenantOver.statusCode());
    assertTrue(tenantOver.asString().contains("Your organisation's request rate"));
  }

  /** Aurora General's predicted instances counted today, or this month. */
  private static long counted(boolean month) throws Exception {
    var rows =
        Fixtures.query(
            "SELECT coalesce(sum(instances), 0) AS n FROM tenancy.usage_day WHERE tenant_id ="
                + " 'aurora-general' AND day >= "
                + (month
                    ? "date_trunc('month', now() AT TIME ZONE 'UTC')::date"
                    : "(now() AT TIME ZONE 'UTC')::date"));
    return ((Number) rows.get(0).get("n")).longValue();
  }

  @Test
  void theDailyAndMonthlyQuotasCountInstancesAsTheAuditRecordsThem() throws Exception {
    Fixtures.stubPrediction(server);
    long today = counted(false);
    limits(
        "{\"ratePerSecond\":1000,\"burst\":1000,\"dailyInstances\":"
            + (today + 3)
            + ",\"monthlyInstances\":100000000,\"maxBatch\":64,\"maxConcurrent\":100}",
        () -> predict().header("RateLimit-Policy").startsWith("\"rate\";q=1000;"));
    long before = counted(false);
    long allowance = today + 3 - before; // the probe above may have used some
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < allowance; i++) {
      statuses.add(predict().statusCode());
    }
    assertTrue(statuses.stream().allMatch(s -> s == 200), statuses.toString());
    assertEquals(before + allowance, counted(false), "each success counted in its audit statement");
    Thread.sleep(1100); // the gateway reads the counters once a second
    Response refused = predict();
    assertEquals(429, refused.statusCode(), refused.asString());
    assertTrue(refused.asString().contains("daily prediction quota"), refused.asString());
    long renews = Long.parseLong(refused.header("Retry-After"));
    assertTrue(renews >= 1 && renews <= 86_400, "until the next UTC day: " + renews);
    // the monthly quota the same way
    long month = counted(true);
    limits(
        "{\"ratePerSecond\":1000,\"burst\":1000,\"dailyInstances\":100000000,"
            + "\"monthlyInstances\":"
            + month
            + ",\"maxBatch\":64,\"maxConcurrent\":100}",
        () -> predict().asString().contains("monthly prediction quota"));
    assertEquals(429, predict().statusCode());
  }

  @Test
  void withTheSharedStoreAwayTheGatewayKeepsItsShareNeverUnlimited() throws Exception {
    Fixtures.stubPrediction(server);
    limits(
        "{\"ratePerSecond\":1,\"burst\":6,\"dailyInstances\":1000,\"monthlyInstances\":1000,"
            + "\"maxBatch\":64,\"maxConcurrent\":100}",
        () -> predict().header("RateLimit-Policy").startsWith("\"rate\";q=6;"));
    Thread.sleep(1100); // no lease from before still held
    AuditStoreResource.quotaProxy().cut();
    try {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        statuses.add(predict().statusCode());
      }
      assertEquals(6, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
      assertEquals(6, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
    } finally {
      AuditStoreResource.quotaProxy().restore();
      Thread.sleep(5_500); // the gateway tries the store again after 5 s: leave it found
    }
  }

  @Test
  void aTenantsConcurrentRequestsAreHeldToItsShare() throws Exception {
    limits(
        "{\"ratePerSecond\":1000,\"burst\":1000,\"dailyInstances\":1000,\"monthlyInstances\":1000,"
            + "\"maxBatch\":64,\"maxConcurrent\":2}",
        () -> predict().header("RateLimit-Policy").contains("q=2;qu="));
    server.stubFor(
        post(urlEqualTo("/auth/inference/internal/models/breast-cancer-diagnosis/predict"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"predictions\":[]}")
                    .withFixedDelay(1500)));
    List<CompletableFuture<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> predict().statusCode(), CLIENTS));
      Thread.sleep(50);
    }
    List<Integer> statuses = calls.stream().map(CompletableFuture::join).toList();
    assertEquals(2, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
    assertEquals(3, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
  }
}
