package io.medmaas.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.medmaas.launcher.KeyMaterial;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway with a stand-in identity provider (the OIDC test server) and stubbed internal
 * services on the same WireMock. The real services and Keycloak are exercised in the e2e module.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(InternalTrustResource.class)
class GatewayTest {

  private static final String PREDICT = "/api/v1/models/breast-cancer-diagnosis/predict";
  private static final String BODY = "{\"instances\":[{\"mean_radius\":17.99}]}";
  private static final ObjectMapper JSON = new ObjectMapper();

  @OidcWireMock WireMockServer server;

  @ConfigProperty(name = "keycloak.url")
  String keycloakUrl;

  private String issuer() {
    return keycloakUrl + "/realms/quarkus";
  }

  @BeforeEach
  void stubs() {
    server.resetRequests();
    server.stubFor(
        get(urlEqualTo("/auth/tenant-admin/internal/tenants"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "[{\"id\":\"aurora-general\",\"displayName\":\"Aurora\",\"issuer\":\""
                            + issuer()
                            + "\",\"audience\":\"medmaas-api\",\"status\":\"active\"}]")));
    server.stubFor(
        post(urlEqualTo("/auth/inference/internal/models/breast-cancer-diagnosis/predict"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withHeader("X-Model-Version", "1")
                    .withBody(
                        "{\"model\":\"breast-cancer-diagnosis\",\"version\":\"1\","
                            + "\"predictions\":[{\"label\":\"malignant\",\"probability\":0.97}]}")));
    server.stubFor(
        post(urlEqualTo("/auth/registry/internal/audit-events/batch"))
            .willReturn(aResponse().withStatus(201)));
  }

  private JwtClaimsBuilder token(String... roles) {
    return Jwt.issuer(issuer())
        .audience("medmaas-api")
        .subject("u-123")
        .preferredUserName("dr.ada")
        .claim("realm_access", Map.of("roles", List.of(roles)))
        .expiresIn(300);
  }

  private static String signed(JwtClaimsBuilder claims) {
    return claims.jws().keyId("1").sign("privateKey.jwk");
  }

  private List<JsonNode> auditRecords() throws Exception {
    List<LoggedRequest> requests =
        server.findAll(
            postRequestedFor(urlPathEqualTo("/auth/registry/internal/audit-events/batch")));
    List<JsonNode> records = new java.util.ArrayList<>();
    for (LoggedRequest request : requests) {
      JSON.readTree(request.getBodyAsString()).forEach(records::add); // group-committed batches
    }
    return records;
  }

  private void predictExpecting(String bearer, int status) {
    var request = given().contentType(ContentType.JSON).body(BODY);
    if (bearer != null) {
      request = request.auth().oauth2(bearer);
    }
    request
        .post(PREDICT)
        .then()
        .statusCode(status)
        .contentType(status == 200 ? "application/json" : "application/problem+json");
  }

  @Test
  void forwardsAValidClinicianTokenAndAuditsWithoutTheInput() throws Exception {
    given()
        .auth()
        .oauth2(signed(token("clinician")))
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(PREDICT)
        .then()
        .statusCode(200)
        .body("predictions[0].label", equalTo("malignant"));

    List<JsonNode> records = auditRecords();
    assertEquals(1, records.size());
    JsonNode record = records.get(0);
    assertEquals("aurora-general", record.get("tenant").asText());
    assertEquals("dr.ada", record.get("subject").asText());
    assertEquals("model.predict", record.get("action").asText());
    assertEquals("breast-cancer-diagnosis", record.get("model").asText());
    assertEquals("1", record.get("modelVersion").asText());
    assertEquals(200, record.get("outcome").asInt());
    assertTrue(record.get("inputDigest").asText().matches("hmac-sha256:[0-9a-f]{64}"));
    assertFalse(record.toString().contains("17.99"), "the audit record must not hold input values");
  }

  @Test
  void theInternalCallCarriesASignedInternalTokenForTheTenant() throws Exception {
    given()
        .auth()
        .oauth2(signed(token("clinician")))
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(PREDICT)
        .then()
        .statusCode(200);
    LoggedRequest forwarded =
        server
            .findAll(
                postRequestedFor(
                    urlEqualTo("/auth/inference/internal/models/breast-cancer-diagnosis/predict")))
            .get(0);
    String internal = forwarded.getHeader("Authorization").substring("Bearer ".length());
    JsonNode claims =
        JSON.readTree(java.util.Base64.getUrlDecoder().decode(internal.split("\\.")[1]));
    assertEquals("medmaas-gateway", claims.get("iss").asText());
    assertEquals("aurora-general", claims.get("tenant").asText());
    assertEquals("dr.ada", claims.get("sub").asText());
    assertTrue(claims.get("exp").asLong() - claims.get("iat").asLong() <= 60);
  }

  @Test
  void noTokenIs401AndAudited() throws Exception {
    predictExpecting(null, 401);
    JsonNode record = auditRecords().get(0);
    assertEquals(401, record.get("outcome").asInt());
    assertEquals("model.predict", record.get("action").asText());
    assertNull(record.get("tenant"));
  }

  @Test
  void aBodyOverTheLimitIs413ProblemAndAuditedWithoutReadingIt() throws Exception {
    String answer =
        io.medmaas.testing.OversizeRequest.post(
            io.restassured.RestAssured.port, PREDICT, "Bearer " + signed(token("clinician")));
    assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    assertTrue(answer.contains("application/problem+json"), answer);
    assertTrue(answer.contains("\"status\":413"), answer);
    JsonNode record = auditRecords().get(0);
    assertEquals(413, record.get("outcome").asInt());
    assertEquals("api.rejected", record.get("action").asText());
    assertNull(record.get("inputDigest"));
  }

  @Test
  void anOversizeRequestWhoseRejectionCannotBeAuditedIs503() throws Exception {
    server.stubFor(
        post(urlEqualTo("/auth/registry/internal/audit-events/batch"))
            .willReturn(aResponse().withStatus(500)));
    String answer =
        io.medmaas.testing.OversizeRequest.post(io.restassured.RestAssured.port, PREDICT, null);
    assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
    assertTrue(answer.contains("application/problem+json"), answer);
  }

  @Test
  void tokenFromAnUnknownIssuerIs401() {
    predictExpecting(signed(token("clinician").issuer("https://idp.unknown.example")), 401);
  }

  @Test
  void expiredTokenIs401() {
    Instant past = Instant.now().minusSeconds(3600);
    predictExpecting(
        signed(token("clinician").issuedAt(past.minusSeconds(300)).expiresAt(past)), 401);
  }

  @Test
  void tokenForAnotherAudienceIs401() {
    predictExpecting(signed(token("clinician").audience("some-other-api")), 401);
  }

  @Test
  void tokenWithABadSignatureIs401() throws Exception {
    KeyMaterial stranger = KeyMaterial.ensure(Files.createTempDirectory("stranger"));
    predictExpecting(
        token("clinician").jws().keyId("1").sign(stranger.privateKey().toString()), 401);
  }

  @Test
  void theGatewaysOwnInternalTokenIsNotAcceptedFromOutside() {
    String internal =
        Jwt.issuer("medmaas-gateway")
            .audience("medmaas-internal")
            .subject("mallory")
            .groups(java.util.Set.of("clinician"))
            .expiresIn(60)
            .sign();
    predictExpecting(internal, 401);
  }

  @Test
  void wrongRoleIs403AndAuditedWithTheCaller() throws Exception {
    predictExpecting(signed(token("auditor")), 403);
    JsonNode record = auditRecords().get(0);
    assertEquals(403, record.get("outcome").asInt());
    assertEquals("aurora-general", record.get("tenant").asText());
    assertNull(record.get("inputDigest"));
  }

  @Test
  void unknownApiPathIsAProblem404() {
    given()
        .auth()
        .oauth2(signed(token("clinician")))
        .get("/api/v1/nothing-here")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body(not(containsString("nothing-here")));
  }

  @Test
  void whenTheAuditCannotBeWrittenTheAnswerIsWithheld() {
    server.stubFor(
        post(urlEqualTo("/auth/registry/internal/audit-events/batch"))
            .willReturn(aResponse().withStatus(500)));
    given()
        .auth()
        .oauth2(signed(token("clinician")))
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(PREDICT)
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .body(not(containsString("malignant")));
  }

  @Test
  void concurrentRequestsShareAuditWritesAndEachIsRecorded() throws Exception {
    server.stubFor(
        post(urlEqualTo("/auth/registry/internal/audit-events/batch"))
            .willReturn(aResponse().withStatus(201).withFixedDelay(150)));
    String token = signed(token("clinician"));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(12);
    List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
    for (int i = 0; i < 24; i++) {
      answers.add(
          pool.submit(
              () ->
                  given()
                      .auth()
                      .oauth2(token)
                      .contentType(ContentType.JSON)
                      .body(BODY)
                      .post(PREDICT)
                      .statusCode()));
    }
    for (var answer : answers) {
      assertEquals(200, answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
    }
    pool.shutdown();
    List<JsonNode> records = auditRecords();
    assertEquals(24, records.size());
    assertEquals(24, records.stream().map(r -> r.get("requestId").asText()).distinct().count());
    int calls =
        server
            .findAll(postRequestedFor(urlPathEqualTo("/auth/registry/internal/audit-events/batch")))
            .size();
    assertTrue(calls < 24, "records were group-committed: " + calls + " writes for 24 requests");
  }
}
