package io.medmaas.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.medmaas.gateway.Fixtures.BODY;
import static io.medmaas.gateway.Fixtures.PREDICT;
import static io.medmaas.gateway.Fixtures.record;
import static io.medmaas.gateway.Fixtures.signed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
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
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway with a stand-in identity provider (the OIDC test server), stubbed internal services
 * on the same WireMock and a real PostgreSQL for the audit. The real services and Keycloak are
 * exercised in the e2e module.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(InternalTrustResource.class)
@WithTestResource(AuditStoreResource.class)
class GatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @OidcWireMock WireMockServer server;

  @ConfigProperty(name = "quarkus.management.test-port", defaultValue = "9001")
  int managementPort;

  @ConfigProperty(name = "keycloak.url")
  String keycloakUrl;

  private String managementMetrics() {
    return "http://127.0.0.1:" + managementPort + "/q/metrics";
  }

  private String issuer() {
    return Fixtures.issuer(keycloakUrl);
  }

  @BeforeEach
  void stubs() {
    server.resetRequests();
    Fixtures.stubTenants(server, issuer());
    Fixtures.stubPrediction(server);
  }

  private JwtClaimsBuilder token(String... roles) {
    return Fixtures.token(issuer(), roles);
  }

  private Response predict(String bearer) {
    var request = given().contentType(ContentType.JSON).body(BODY);
    if (bearer != null) {
      request = request.auth().oauth2(bearer);
    }
    return request.post(PREDICT);
  }

  private Response predictExpecting(String bearer, int status) {
    Response response = predict(bearer);
    response
        .then()
        .statusCode(status)
        .contentType(status == 200 ? "application/json" : "application/problem+json");
    return response;
  }

  @Test
  void forwardsAValidClinicianTokenAndAuditsWithoutTheInput() throws Exception {
    Response response = predictExpecting(signed(token("clinician")), 200);
    response.then().body("predictions[0].label", equalTo("malignant"));

    Map<String, Object> record = record(response.header("X-Request-Id"));
    assertEquals("access", record.get("kind"));
    assertEquals("aurora-general", record.get("tenant_id"));
    assertEquals("u-123", record.get("subject"));
    assertEquals("dr.ada", record.get("username"));
    assertEquals("ehr-client", record.get("client_id"));
    assertTrue(((String) record.get("token_id")).startsWith("token-"));
    assertEquals("127.0.0.1", record.get("client_address"));
    assertEquals("model.predict", record.get("action"));
    assertEquals("breast-cancer-diagnosis", record.get("model"));
    assertEquals("1", record.get("model_version"));
    assertEquals(200, record.get("outcome"));
    assertNull(record.get("problem_type"));
    assertTrue(
        ((String) record.get("input_digest")).matches("hmac-sha256:[0-9a-f]{8}:[0-9a-f]{64}"));
    assertFalse(record.toString().contains("17.99"), "the audit record must not hold input values");
  }

  @Test
  void theInternalCallCarriesASignedInternalTokenForTheTenant() throws Exception {
    predictExpecting(signed(token("clinician")), 200);
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
    assertEquals("u-123", claims.get("sub").asText());
    assertEquals("dr.ada", claims.get("preferred_username").asText());
    assertTrue(claims.get("exp").asLong() - claims.get("iat").asLong() <= 60);
    assertTrue(claims.get("jti").asText().length() >= 16, "every internal token has an id");
    assertEquals(64, claims.get("max_batch").asInt(), "the tenant's batch limit travels");
    assertTrue(claims.get("aud").toString().contains("medmaas-inference"));
    assertFalse(claims.get("aud").toString().contains("medmaas-tenant-admin"));
    JsonNode header =
        JSON.readTree(java.util.Base64.getUrlDecoder().decode(internal.split("\\.")[0]));
    assertEquals("medmaas-internal+jwt", header.get("typ").asText());
    assertEquals("RS256", header.get("alg").asText());
    assertTrue(header.hasNonNull("kid"), "the signing key is named");
    assertTrue(forwarded.getHeader("X-Request-Id").matches("[0-9a-f-]{36}"));
  }

  @Test
  void noTokenIs401WithAChallengeAndAuditedWithTheClientAddress() throws Exception {
    Response response = predictExpecting(null, 401);
    assertEquals("Bearer realm=\"medmaas\"", response.header("WWW-Authenticate"));
    Map<String, Object> record = record(response.header("X-Request-Id"));
    assertEquals(401, record.get("outcome"));
    assertEquals("unauthenticated", record.get("problem_type"));
    assertEquals("model.predict", record.get("action"));
    assertNull(record.get("tenant_id"));
    assertEquals("127.0.0.1", record.get("client_address"));
  }

  @Test
  void aRefusedTokenIsRecordedForTheTenantWhoseIssuerItNamed() throws Exception {
    KeyMaterial stranger = KeyMaterial.ensure(Files.createTempDirectory("stranger"));
    Response response =
        predictExpecting(
            token("clinician").jws().keyId("1").sign(stranger.privateKey().toString()), 401);
    assertEquals(
        "Bearer realm=\"medmaas\", error=\"invalid_token\","
            + " error_description=\"The bearer token's signature does not verify\"",
        response.header("WWW-Authenticate"));
    Map<String, Object> record = record(response.header("X-Request-Id"));
    assertEquals("aurora-general", record.get("tenant_id"));
    assertNull(record.get("subject"), "an unverified token's claims are not recorded");
    assertEquals("127.0.0.1", record.get("client_address"));
  }

  @Test
  void aBodyOverTheLimitIs413ProblemAndAuditedWithoutReadingIt() throws Exception {
    String answer =
        io.medmaas.testing.OversizeRequest.post(
            io.restassured.RestAssured.port, PREDICT, "Bearer " + signed(token("clinician")));
    assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    assertTrue(answer.contains("application/problem+json"), answer);
    assertTrue(answer.contains("\"status\":413"), answer);
    String requestId = answer.replaceAll("(?s).*X-Request-Id: ([0-9a-f-]{36}).*", "$1");
    Map<String, Object> record = record(requestId);
    assertEquals(413, record.get("outcome"));
    assertEquals("model.predict", record.get("action"));
    assertNull(record.get("input_digest"));
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
  void aTokenWithoutSignatureOrWithASymmetricKeyIs401() {
    String[] parts = signed(token("clinician")).split("\\.");
    String none =
        java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes())
            + "."
            + parts[1]
            + ".";
    predictExpecting(none, 401);
    predictExpecting(none + "c2lnbmF0dXJl", 401); // a signature part, so jose4j itself sees it
    predictExpecting(
        token("clinician").signWithSecret("a-shared-secret-of-at-least-256-bits-0123456789"), 401);
  }

  @Test
  void theGatewaysOwnInternalTokenIsNotAcceptedFromOutside() throws java.io.IOException {
    // signed with the gateway's own key (PKCS#1, as the chart writes it)
    String location =
        org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getValue("smallrye.jwt.sign.key.location", String.class);
    String internal =
        Jwt.issuer("medmaas-gateway")
            .audience("medmaas-registry")
            .subject("mallory")
            .groups(java.util.Set.of("clinician"))
            .expiresIn(60)
            .sign(
                io.medmaas.auditproof.RsaPem.privateKey(
                    java.nio.file.Files.readString(java.nio.file.Path.of(location))));
    predictExpecting(internal, 401);
  }

  @Test
  void aHospitalsIdentityProviderCannotGrantPlatformRoles() {
    given()
        .auth()
        .oauth2(signed(token("platform-admin")))
        .put("/api/v1/tenants/cedar-valley/entitlements/lesion-classifier")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
  }

  @Test
  void wrongRoleIs403AndAuditedWithTheCaller() throws Exception {
    Response response = predictExpecting(signed(token("auditor")), 403);
    Map<String, Object> record = record(response.header("X-Request-Id"));
    assertEquals(403, record.get("outcome"));
    assertEquals("forbidden", record.get("problem_type"));
    assertEquals("aurora-general", record.get("tenant_id"));
    assertEquals("u-123", record.get("subject"));
    assertNull(record.get("input_digest"));
  }

  @Test
  void unknownApiPathIsAProblem404AndAudited() throws Exception {
    Response response =
        given().auth().oauth2(signed(token("clinician"))).get("/api/v1/nothing-here");
    response
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body(not(containsString("nothing-here")));
    assertEquals("api.unknown", record(response.header("X-Request-Id")).get("action"));
  }

  @Test
  void aWrongMethodIs405WithAllow() {
    given()
        .auth()
        .oauth2(signed(token("clinician")))
        .get(PREDICT)
        .then()
        .statusCode(405)
        .header("Allow", "POST")
        .contentType("application/problem+json");
  }

  @Test
  void aTokenSignedByOneHospitalsProviderIsNotAcceptedForAnother() throws Exception {
    // Cedar Valley's provider uses the same key id as Aurora's, with another key
    RsaJsonWebKey cedarKey = RsaJwkGenerator.generateJwk(2048);
    cedarKey.setKeyId("1");
    String cedar = keycloakUrl + "/realms/cedar";
    Fixtures.stubTenants(server, issuer(), cedar);
    server.stubFor(
        get(urlEqualTo("/auth/realms/cedar/.well-known/openid-configuration"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"issuer\":\"" + cedar + "\",\"jwks_uri\":\"" + cedar + "/certs\"}")));
    server.stubFor(
        get(urlEqualTo("/auth/realms/cedar/certs"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"keys\":["
                            + cedarKey.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                            + "]}")));
    // Aurora's key, Cedar's issuer; Cedar's key, Aurora's issuer: both refused
    predictExpecting(signed(token("clinician").issuer(cedar)), 401);
    predictExpecting(token("clinician").jws().keyId("1").sign(cedarKey.getRsaPrivateKey()), 401);
    // Cedar's own token is Cedar's
    Response ok =
        predictExpecting(
            token("clinician").issuer(cedar).jws().keyId("1").sign(cedarKey.getRsaPrivateKey()),
            200);
    Map<String, Object> cedarRecord = record(ok.header("X-Request-Id"));
    assertEquals("cedar-valley", cedarRecord.get("tenant_id"));
    // the same input under each hospital's own digest key: equal within one, unlinkable across
    Object aurora1 =
        record(predictExpecting(signed(token("clinician")), 200).header("X-Request-Id"))
            .get("input_digest");
    Object aurora2 =
        record(predictExpecting(signed(token("clinician")), 200).header("X-Request-Id"))
            .get("input_digest");
    assertEquals(aurora1, aurora2);
    assertFalse(aurora1.equals(cedarRecord.get("input_digest")), "another tenant, another key");
  }

  /**
   * A malformed escape in the query is refused by the HTTP server below the pipeline (a bare 400,
   * like a request line over 64 KiB): never a 500, never an error in the logs.
   */
  @Test
  void aMalformedQueryStringIs400NotAnError() throws Exception {
    try (java.net.Socket socket =
        new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET /api/v1/models?q=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                      + "Authorization: Bearer "
                      + signed(token("clinician"))
                      + "\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
      assertFalse(answer.contains("zz"), answer);
    }
  }

  @Test
  void aClientThatExpects100ContinueGetsItAndIsAnswered() throws Exception {
    try (java.net.Socket socket =
        new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
      socket.setSoTimeout(10_000);
      var out = socket.getOutputStream();
      var in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      out.write(
          ("POST "
                  + PREDICT
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Authorization: Bearer "
                  + signed(token("clinician"))
                  + "\r\nExpect: 100-continue\r\nContent-Length: "
                  + BODY.length()
                  + "\r\n\r\n")
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      assertEquals("HTTP/1.1 100 Continue", in.readLine());
      in.readLine();
      out.write(BODY.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      assertEquals("HTTP/1.1 200 OK", in.readLine());
    }
  }

  @Test
  void aTenantsRoleMappingNamesItsRolesButCannotGrantAPlatformRole() throws Exception {
    Fixtures.stubTenantsWithRoleMapping(
        server, issuer(), "{\"physician\":\"clinician\",\"superuser\":\"platform-admin\"}");
    try {
      String physician = signed(token("physician"));
      long deadline = System.nanoTime() + 5_000_000_000L;
      int status = predict(physician).statusCode();
      while (status != 200 && System.nanoTime() < deadline) {
        Fixtures.execute("SELECT pg_notify('medmaas_tenancy', '{}')"); // tenant-admin's event
        Thread.sleep(200);
        status = predict(signed(token("physician"))).statusCode();
      }
      assertEquals(200, status, "the tenant's 'physician' is medmaas's clinician");
      predictExpecting(signed(token("superuser")), 403); // never a platform role
      predictExpecting(signed(token("clinician")), 403); // under a mapping, only mapped names
    } finally {
      Fixtures.stubTenants(server, issuer());
      Fixtures.execute("SELECT pg_notify('medmaas_tenancy', '{}')");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (predict(signed(token("clinician"))).statusCode() != 200
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
    }
  }

  /** Predicts with {@code bearer} until it answers {@code status} (the tenant list changed). */
  private void awaitPrediction(java.util.function.Supplier<String> bearer, int status)
      throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    int answered = predict(bearer.get()).statusCode();
    while (answered != status && System.nanoTime() < deadline) {
      Fixtures.execute("SELECT pg_notify('medmaas_tenancy', '{}')"); // tenant-admin's event
      Thread.sleep(200);
      answered = predict(bearer.get()).statusCode();
    }
    assertEquals(status, answered);
  }

  @Test
  void aTenantsOwnAudiencesAndRolesClaimAreTheOnesChecked() throws Exception {
    Fixtures.stubTenantWithClaims(
        server, issuer(), "[\"north-ehr\",\"north-portal\"]", "resource_access.ehr.roles");
    try {
      java.util.function.Supplier<String> nested =
          () ->
              signed(
                  token()
                      .audience("north-portal")
                      .claim(
                          "resource_access", Map.of("ehr", Map.of("roles", List.of("clinician")))));
      awaitPrediction(nested, 200);
      // the roles where this tenant's provider does not put them count for nothing
      predictExpecting(signed(token("clinician").audience("north-ehr")), 403);
      // an audience the tenant does not accept
      predictExpecting(
          signed(
              token()
                  .claim("resource_access", Map.of("ehr", Map.of("roles", List.of("clinician"))))),
          401);
    } finally {
      Fixtures.stubTenants(server, issuer());
      awaitPrediction(() -> signed(token("clinician")), 200);
    }
  }

  @Test
  void aTenantEventMakesTheGatewayFetchTheTenantListAtOnce() throws Exception {
    var tenantList =
        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
            urlEqualTo("/auth/tenant-admin/internal/directory/tenants"));
    int before = server.findAll(tenantList).size();
    long deadline = System.nanoTime() + 5_000_000_000L;
    int after = before;
    // the subscriber may still be connecting when the test starts: notify until it is heard
    while (after == before && System.nanoTime() < deadline) {
      Fixtures.execute("SELECT pg_notify('medmaas_tenancy', '{\"tenant\":\"aurora-general\"}')");
      Thread.sleep(200);
      after = server.findAll(tenantList).size();
    }
    assertTrue(after > before, "the tenant list was fetched again after the event");
  }

  @Test
  void metricsAndHealthAreOnTheManagementInterfaceNotThePublicPort() {
    given().get("/q/metrics").then().statusCode(404);
    given().get("/q/health/ready").then().statusCode(404);
    given().get(managementMetrics()).then().statusCode(200);
  }

  @Test
  void theAccessLogHasALinePerRequestWithTheTemplateAndNothingTheCallerSent() {
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            lines.add(((org.jboss.logmanager.ExtLogRecord) record).getFormattedMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger access = java.util.logging.Logger.getLogger("medmaas.access");
    access.addHandler(handler);
    try {
      String id = predictExpecting(signed(token("clinician")), 200).header("X-Request-Id");
      given().get("/api/v1/models?q=zzcanary_jane_doe").then().statusCode(401);
      String all = String.join("\n", lines);
      assertTrue(all.contains("POST /api/v1/models/{model}/predict 200 "), all);
      assertTrue(all.contains("request=" + id + " tenant=aurora-general"), all);
      assertTrue(all.contains("GET /api/v1/models 401 "), all);
      assertFalse(all.contains("zzcanary"), "no query value is logged");
      assertFalse(all.contains("breast-cancer-diagnosis"), "no path value is logged");
      assertFalse(all.contains("17.99"), "no body value is logged");
    } finally {
      access.removeHandler(handler);
    }
  }

  @Test
  void swaggerUiIsServedByTheGateway() {
    given().get("/q/swagger-ui/").then().statusCode(200).contentType(containsString("text/html"));
  }

  @Test
  void everyApiAnswerIsUncacheableAndNotToBeSniffed() {
    for (var answer :
        List.of(
            given().get("/api/v1/models"),
            given().auth().oauth2(signed(token("clinician"))).get("/api/v1/nowhere"),
            given().get("/v2/health/live"))) {
      answer.then().header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff");
    }
  }

  @Test
  void theHttpMetricsNameRouteTemplatesNeverTheCallersPath() {
    given().auth().oauth2(signed(token("auditor"))).post("/api/v1/models/mrn1234567zz/predict");
    given().post("/api/v1/models/mrn7654321zz/predict");
    given().get("/api/v1/zzcanary/anything");
    given().get("/v2/models/zzcanary%00");
    String metrics = given().get(managementMetrics()).asString();
    assertTrue(metrics.contains("uri=\"/api/v1/models/{model}/predict\""), "templated");
    assertFalse(metrics.contains("mrn"), "no path a caller sent is a metric tag");
    assertFalse(metrics.contains("zzcanary"), "no path a caller sent is a metric tag");
  }

  @Test
  void theOpenApiDocumentListsTheRoutes() {
    given()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body("paths.'/api/v1/models/{model}/predict'.post.summary", not(equalTo(null)))
        .body("paths.'/v2/models/{model}/infer'.post.summary", not(equalTo(null)))
        // request and response schemas, every error, the security schemes
        .body(
            "paths.'/api/v1/models/{model}/predict'.post.requestBody.content.'application/json'"
                + ".schema.'$ref'",
            equalTo("#/components/schemas/PredictRequest"))
        .body(
            "paths.'/api/v1/models/{model}/predict'.post.responses.'200'.content"
                + ".'application/json'.schema.'$ref'",
            equalTo("#/components/schemas/PredictionResponse"))
        .body(
            "paths.'/api/v1/models/{model}/predict'.post.responses.keySet()",
            org.hamcrest.Matchers.hasItems("401", "403", "404", "408", "413", "415", "422", "429"))
        .body(
            "paths.'/api/v1/models/{model}/predict'.post.responses.'401'.content"
                + ".'application/problem+json'.schema.'$ref'",
            equalTo("#/components/schemas/Problem"))
        .body(
            "paths.'/v2/models/{model}/infer'.post.responses.'400'.content.'application/json'"
                + ".schema.'$ref'",
            equalTo("#/components/schemas/OipError"))
        .body("components.schemas.PredictRequest.example.instances[0].age", equalTo(39))
        .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
        .body("paths.'/api/v1/models/{model}/predict'.post.security[0]", hasKey("bearer"));
  }
}
