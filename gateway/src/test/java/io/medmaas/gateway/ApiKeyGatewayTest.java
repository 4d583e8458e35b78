package io.medmaas.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.medmaas.gateway.Fixtures.BODY;
import static io.medmaas.gateway.Fixtures.PREDICT;
import static io.medmaas.gateway.Fixtures.record;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.medmaas.common.apikey.ApiKeyFormat;
import io.medmaas.gateway.auth.FailedCredentials;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Partners' API keys at the gateway, with tenant-admin's key directory stubbed: a key flows through
 * the same authorization, forwarding and audit as a token, for its own tenant only, held to its
 * scopes and models; every bad key is a 401 that says why; a key in the URL is 400 and leaves no
 * trace; repeated bad credentials from one address are throttled apart from any tenant.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(InternalTrustResource.class)
@WithTestResource(AuditStoreResource.class)
class ApiKeyGatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PREVIOUS_HASH_KEY =
      Base64.getDecoder().decode("dGVzdC1vbmx5LXByZXZpb3VzLWFwaS1rZXktaGFzaC1rZXktMDEyMw==");

  /** Clients that really send at once (the common pool has one thread on two cores). */
  private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(2);

  @OidcWireMock WireMockServer server;
  @Inject FailedCredentials failures;

  @ConfigProperty(name = "keycloak.url")
  String keycloakUrl;

  @BeforeEach
  void stubs() {
    server.resetRequests();
    Fixtures.stubTenants(server, Fixtures.issuer(keycloakUrl));
    Fixtures.stubPrediction(server);
  }

  @AfterEach
  void forgetFailures() {
    failures.clear();
  }

  /** A key tenant-admin's directory knows, with these scopes, models and state. */
  private String key(String scopes, String models, boolean revoked, Instant expires) {
    return key(ApiKeyFormat.newKeyId(), ApiKeyFormat.newSecret(), scopes, models, revoked, expires);
  }

  private String key(
      String id, String secret, String scopes, String models, boolean revoked, Instant expires) {
    KeyStub key = new KeyStub();
    key.id = id;
    key.secret = secret;
    key.scopes = scopes;
    key.models = models;
    key.revoked = revoked;
    key.expires = expires;
    return key.stub(server);
  }

  /** A predicting key with limits of its own (tenant-admin's JSON for them). */
  private String limitedKey(String limits) {
    return new KeyStub().limits(limits).stub(server);
  }

  private String predictKey() {
    return key(
        "[\"predict:breast-cancer-diagnosis\"]", "null", false, Instant.now().plusSeconds(3600));
  }

  private static Response predict(String key) {
    return given().header("X-API-Key", key).contentType(ContentType.JSON).body(BODY).post(PREDICT);
  }

  @Test
  void aKeyPredictsForItsOwnTenantAndIsAuditedByItsIdNeverItsSecret() throws Exception {
    String key = predictKey();
    Response response = predict(key);
    assertEquals(200, response.statusCode(), response.asString());
    String id = ApiKeyFormat.parse(key).orElseThrow().keyId();
    Map<String, Object> record = record(response.header("X-Request-Id"));
    assertEquals("aurora-general", record.get("tenant_id"));
    assertEquals(id, record.get("token_id"));
    assertEquals("api-key:" + id, record.get("subject"));
    assertFalse(record.toString().contains(ApiKeyFormat.parse(key).get().secret()));
    String internal =
        server
            .findAll(
                postRequestedFor(
                    urlEqualTo("/auth/inference/internal/models/breast-cancer-diagnosis/predict")))
            .get(0)
            .getHeader("Authorization")
            .substring("Bearer ".length());
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(internal.split("\\.")[1]));
    assertEquals("aurora-general", claims.get("tenant").asText());
    assertEquals("[\"clinical-system\"]", claims.get("groups").toString());
  }

  @Test
  void aKeyWithARateOfItsOwnIsHeldToItWhileItsTenantsOtherKeysAreNot() {
    String limited = limitedKey("{\"ratePerSecond\":0.2,\"burst\":3}");
    List<Response> answers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      answers.add(predict(limited));
    }
    List<Integer> statuses = answers.stream().map(Response::statusCode).toList();
    assertEquals(List.of(200, 200, 200, 429, 429, 429), statuses);
    Response ok = answers.get(0);
    assertTrue(
        ok.header("RateLimit-Policy").endsWith(", \"key-rate\";q=3;w=15"),
        ok.header("RateLimit-Policy"));
    assertTrue(
        ok.header("RateLimit").matches("\"key-rate\";r=2;t=0, \"rate\";r=[0-9]+;t=0"),
        ok.header("RateLimit"));
    Response refused = answers.get(5);
    assertTrue(refused.asString().contains("This API key's request rate"), refused.asString());
    assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
    // the key's refusals took nothing from its tenant: another of its keys is served
    assertEquals(200, predict(predictKey()).statusCode());
  }

  @Test
  void aKeyWithQuotasOfItsOwnCountsItsInstancesApartAndItsBatchLimitIsTheTighter()
      throws Exception {
    String limited = limitedKey("{\"dailyInstances\":2,\"maxBatch\":2}");
    String id = ApiKeyFormat.parse(limited).orElseThrow().keyId();
    assertEquals(200, predict(limited).statusCode());
    assertEquals(200, predict(limited).statusCode());
    var counted =
        Fixtures.query(
            "SELECT coalesce(sum(instances), 0) AS n FROM tenancy.key_usage_day WHERE key_id = ?",
            id);
    assertEquals(2L, ((Number) counted.get(0).get("n")).longValue(), "counted to the key");
    Thread.sleep(1100); // the gateway reads the counters once a second
    Response refused = predict(limited);
    assertEquals(429, refused.statusCode(), refused.asString());
    assertTrue(
        refused.asString().contains("This API key has used its daily prediction quota of 2"),
        refused.asString());
    assertEquals(200, predict(predictKey()).statusCode(), "its tenant's other keys go on");
    // the internal token carries the tighter batch limit (the key's 2, not the tenant's 64)
    server.resetRequests();
    assertEquals(200, predict(limitedKey("{\"maxBatch\":2}")).statusCode());
    String internal =
        server
            .findAll(
                postRequestedFor(
                    urlEqualTo("/auth/inference/internal/models/breast-cancer-diagnosis/predict")))
            .get(0)
            .getHeader("Authorization")
            .substring("Bearer ".length());
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(internal.split("\\.")[1]));
    assertEquals(2, claims.get("max_batch").asInt());
  }

  @Test
  void aKeyWithAConcurrencyLimitOfItsOwnIsHeldToIt() {
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post(
                urlEqualTo("/auth/inference/internal/models/breast-cancer-diagnosis/predict"))
            .willReturn(
                aResponse()
                    .withFixedDelay(1500)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("X-Model-Version", "1")
                    .withHeader("X-Instances", "1")
                    .withBody("{\"predictions\":[]}")));
    String limited = limitedKey("{\"maxConcurrent\":1}");
    CompletableFuture<Integer> first =
        CompletableFuture.supplyAsync(() -> predict(limited).statusCode(), CLIENTS);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (server
            .findAll(
                postRequestedFor(
                    urlEqualTo("/auth/inference/internal/models/breast-cancer-diagnosis/predict")))
            .isEmpty()
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    Response second = predict(limited);
    assertEquals(429, second.statusCode(), second.asString());
    assertTrue(
        second.asString().contains("This API key has 1 requests under way"), second.asString());
    assertEquals(200, predict(predictKey()).statusCode(), "its tenant's other keys go on");
    assertEquals(200, first.join());
    assertEquals(200, predict(limited).statusCode(), "its slot was given back");
  }

  @Test
  void aKeyHashedUnderAPreviousHashKeyStillWorksAndOneUnderAnUnknownHashKeyIsNot() {
    KeyStub older = new KeyStub();
    older.hashKey = PREVIOUS_HASH_KEY;
    assertEquals(200, predict(older.stub(server)).statusCode(), "the platform moved to a new key");
    KeyStub orphan = new KeyStub();
    orphan.hashKey = "a-hash-key-this-gateway-was-never-given".getBytes(StandardCharsets.US_ASCII);
    Response refused = predict(orphan.stub(server));
    assertEquals(401, refused.statusCode());
    assertTrue(refused.asString().contains("The API key is not known"), refused.asString());
  }

  @Test
  void aRevokedKeyIsRefusedWithin5sOfTheEventThoughItWasCached() throws Exception {
    String id = ApiKeyFormat.newKeyId();
    String secret = ApiKeyFormat.newSecret();
    Instant expires = Instant.now().plusSeconds(3600);
    String key = key(id, secret, "[\"predict\"]", "null", false, expires);
    assertEquals(200, predict(key).statusCode());
    key(id, secret, "[\"predict\"]", "null", true, expires); // tenant-admin revoked it
    long deadline = System.nanoTime() + 5_000_000_000L;
    int status = predict(key).statusCode();
    while (status != 401 && System.nanoTime() < deadline) {
      // tenant-admin's event for this key alone
      Fixtures.execute(
          "SELECT pg_notify('medmaas_tenancy', '{\"tenant\":\"aurora-general\",\"apiKey\":\""
              + id
              + "\"}')");
      Thread.sleep(100);
      status = predict(key).statusCode();
    }
    assertEquals(401, status, "revoked within 5 s");
  }

  @Test
  void aKeyOfASuspendedTenantIs403() throws Exception {
    String key = predictKey();
    server.stubFor(
        get(urlEqualTo("/auth/tenant-admin/internal/directory/tenants"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "[{\"id\":\"aurora-general\",\"displayName\":\"a\",\"issuer\":\""
                            + Fixtures.issuer(keycloakUrl)
                            + "\",\"audiences\":[\"medmaas-api\"],\"status\":\"suspended\"}]")));
    try {
      long deadline = System.nanoTime() + 5_000_000_000L;
      int status = predict(key).statusCode();
      while (status != 403 && System.nanoTime() < deadline) {
        Fixtures.execute("SELECT pg_notify('medmaas_tenancy', '{}')");
        Thread.sleep(100);
        status = predict(key).statusCode();
      }
      assertEquals(403, status);
    } finally {
      Fixtures.stubTenants(server, Fixtures.issuer(keycloakUrl));
      Fixtures.execute("SELECT pg_notify('medmaas_tenancy', '{}')");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (predict(predictKey()).statusCode() != 200 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    }
  }

  @Test
  void aKeyIsHeldToItsScopesAndModels() {
    String key = predictKey();
    assertEquals(403, given().header("X-API-Key", key).get("/api/v1/models").statusCode());
    assertEquals(
        403,
        given()
            .header("X-API-Key", key)
            .contentType(ContentType.JSON)
            .body(BODY)
            .post("/api/v1/models/diabetes-progression/predict")
            .statusCode());
    assertEquals(
        403,
        given()
            .header("X-API-Key", key)
            .post("/api/v1/models/breast-cancer-diagnosis/rollback")
            .statusCode());
    String limited =
        key("[\"predict\"]", "[\"diabetes-progression\"]", false, Instant.now().plusSeconds(60));
    assertEquals(403, predict(limited).statusCode(), "not among the key's models");
    String wide = key("[\"predict\"]", "null", false, Instant.now().plusSeconds(60));
    assertEquals(200, predict(wide).statusCode());
  }

  @Test
  void everyBadKeyIs401SayingWhy() {
    String good = predictKey();
    String id = ApiKeyFormat.parse(good).orElseThrow().keyId();
    Map<String, String> cases =
        Map.of(
            "mk_live_tooshort",
            "malformed",
            good.substring(0, good.length() - 1) + (good.endsWith("A") ? "B" : "A"),
            "malformed",
            ApiKeyFormat.compose(id, ApiKeyFormat.newSecret()),
            "not known",
            ApiKeyFormat.compose(ApiKeyFormat.newKeyId(), ApiKeyFormat.newSecret()),
            "not known",
            key("[\"predict\"]", "null", true, Instant.now().plusSeconds(60)),
            "revoked",
            key("[\"predict\"]", "null", false, Instant.now().minusSeconds(1)),
            "expired");
    cases.forEach(
        (key, why) -> {
          Response refused = predict(key);
          assertEquals(401, refused.statusCode(), why);
          assertTrue(refused.asString().contains(why), refused.asString());
          assertTrue(refused.header("WWW-Authenticate").startsWith("ApiKey"));
          assertFalse(refused.asString().contains(key.substring(8)), "never echoed");
        });
  }

  @Test
  void aKeyInTheUrlIs400AndLeavesNoTrace() throws Exception {
    String key = predictKey();
    for (String query : new String[] {"?api_key=" + key, "?x=" + key, "?apiKey=abc"}) {
      Response refused =
          given()
              .urlEncodingEnabled(false)
              .contentType(ContentType.JSON)
              .body(BODY)
              .post(PREDICT + query);
      assertEquals(400, refused.statusCode());
      assertTrue(refused.asString().contains("X-API-Key header only"));
      assertFalse(refused.asString().contains(key.substring(8)));
      String all =
          Fixtures.query("SELECT string_agg(a::text, '|') AS all FROM registry.audit_event a")
              .get(0)
              .get("all")
              .toString();
      assertFalse(all.contains(key.substring(8)), "not in the audit log");
    }
  }

  @Test
  void aTokenAndAKeyTogetherAre400() {
    Response both =
        given()
            .header("X-API-Key", predictKey())
            .auth()
            .oauth2(Fixtures.signed(Fixtures.token(Fixtures.issuer(keycloakUrl), "clinician")))
            .contentType(ContentType.JSON)
            .body(BODY)
            .post(PREDICT);
    assertEquals(400, both.statusCode());
  }

  @Test
  void repeatedBadCredentialsFromOneAddressAreThrottledThenForgotten() {
    String bad = ApiKeyFormat.compose(ApiKeyFormat.newKeyId(), ApiKeyFormat.newSecret());
    int status = 401;
    int sent = 0;
    while (status == 401 && sent < 1100) {
      status = given().header("X-API-Key", "mk_live_bad").get("/api/v1/models").statusCode();
      sent++;
    }
    assertEquals(429, status, "throttled after " + sent);
    Response throttled = predict(bad);
    assertEquals(429, throttled.statusCode(), "a failing credential from the address waits");
    assertTrue(Integer.parseInt(throttled.header("Retry-After")) >= 1);
    assertTrue(throttled.asString().contains("too-many-requests"));
    assertEquals(200, predict(predictKey()).statusCode(), "a good one from it is served");
    // a request with no credential is answered 401 as ever: nothing to throttle
    assertEquals(401, given().get("/api/v1/models").statusCode());
    failures.clear();
    assertEquals(401, predict(bad).statusCode());
    assertEquals(200, predict(predictKey()).statusCode());
  }
}
