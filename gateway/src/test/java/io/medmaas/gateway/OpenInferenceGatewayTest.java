package io.medmaas.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Open Inference Protocol through the gateway: public server metadata and health, and model
 * calls forwarded with the protocol's headers and binary bodies intact, authenticated and audited.
 * Inference itself is a stub here; its conformance is tested in the inference module.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(InternalTrustResource.class)
@WithTestResource(AuditStoreResource.class)
class OpenInferenceGatewayTest {

  private static final String INFER = "/v2/models/breast-cancer-diagnosis/infer";

  @OidcWireMock WireMockServer server;

  @ConfigProperty(name = "keycloak.url")
  String keycloakUrl;

  private byte[] binaryAnswer;

  @BeforeEach
  void stubs() {
    server.resetRequests();
    String issuer = keycloakUrl + "/realms/quarkus";
    Fixtures.stubTenants(server, issuer);
    server.stubFor(
        get(urlEqualTo("/auth/inference/v2"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"name\":\"medmaas\",\"version\":\"0.1.0\","
                            + "\"extensions\":[\"binary_tensor_data\"]}")));
    byte[] header =
        "{\"model_name\":\"breast-cancer-diagnosis\",\"model_version\":\"1\",\"outputs\":[]}"
            .getBytes(StandardCharsets.UTF_8);
    binaryAnswer = java.util.Arrays.copyOf(header, header.length + 4);
    server.stubFor(
        post(urlEqualTo("/auth/inference" + INFER))
            .withHeader("Inference-Header-Content-Length", equalTo("7"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/octet-stream")
                    .withHeader("Inference-Header-Content-Length", Integer.toString(header.length))
                    .withHeader("X-Model-Version", "1")
                    .withBody(binaryAnswer)));
    this.issuer = issuer;
  }

  private String issuer;

  private String clinician() {
    return Jwt.issuer(issuer)
        .audience("medmaas-api")
        .subject("u-1")
        .preferredUserName("dr.ada")
        .claim("realm_access", Map.of("roles", List.of("clinician")))
        .expiresIn(300)
        .jws()
        .keyId("1")
        .sign("privateKey.jwk");
  }

  @Test
  void serverMetadataAndHealthArePublic() {
    given()
        .get("/v2")
        .then()
        .statusCode(200)
        .body("extensions", Matchers.hasItem("binary_tensor_data"));
    given().get("/v2/health/live").then().statusCode(200).body("live", Matchers.equalTo(true));
  }

  @Test
  void binaryInferencePassesThroughWithItsHeadersAndIsAudited() throws Exception {
    byte[] body = "{\"a\":1}ABCD".getBytes(StandardCharsets.UTF_8);
    Response response =
        given()
            .auth()
            .oauth2(clinician())
            .contentType("application/octet-stream")
            .header("Inference-Header-Content-Length", "7")
            .body(body)
            .post(INFER);
    assertEquals(200, response.statusCode());
    assertArrayEquals(binaryAnswer, response.asByteArray());
    assertEquals(
        Integer.toString(binaryAnswer.length - 4),
        response.header("Inference-Header-Content-Length"));
    LoggedRequest forwarded =
        server.findAll(postRequestedFor(urlEqualTo("/auth/inference" + INFER))).get(0);
    assertArrayEquals(body, forwarded.getBody());
    assertTrue(forwarded.getHeader("Content-Type").startsWith("application/octet-stream"));
    Map<String, Object> record = Fixtures.record(response.header("X-Request-Id"));
    assertEquals("model.predict", record.get("action"));
    assertEquals("breast-cancer-diagnosis", record.get("model"));
    assertEquals("1", record.get("model_version"));
    assertTrue(((String) record.get("input_digest")).startsWith("hmac-sha256:"));
  }

  @Test
  void aBodyThatIsNeitherJsonNorBinaryTensorsIs415InTheProtocolsShapeAndAudited() throws Exception {
    for (String type : new String[] {"text/plain", "application/xml", "text/xml"}) {
      Response response =
          given()
              .auth()
              .oauth2(clinician())
              .contentType(type)
              .body("<inputs>zzcanary</inputs>")
              .post(INFER);
      response
          .then()
          .statusCode(415)
          .contentType("application/json")
          .body("error", Matchers.containsString("application/json"))
          .body(Matchers.not(Matchers.containsString("zzcanary")));
      assertEquals(415, Fixtures.record(response.header("X-Request-Id")).get("outcome"));
    }
    assertEquals(0, server.findAll(postRequestedFor(urlEqualTo("/auth/inference" + INFER))).size());
  }

  @Test
  void inferenceWithoutATokenIs401InTheProtocolsShapeAndAudited() throws Exception {
    Response response = given().contentType("application/json").body("{\"inputs\":[]}").post(INFER);
    response
        .then()
        .statusCode(401)
        .contentType("application/json")
        .header("WWW-Authenticate", "Bearer realm=\"medmaas\"")
        .body("error", Matchers.equalTo("A valid bearer token is required"));
    assertEquals(401, Fixtures.record(response.header("X-Request-Id")).get("outcome"));
    assertEquals(0, server.findAll(postRequestedFor(urlEqualTo("/auth/inference" + INFER))).size());
  }

  @Test
  void modelNamesCannotSmuggleSegmentsIntoTheInternalCall() throws Exception {
    Response response =
        given()
            .urlEncodingEnabled(false)
            .auth()
            .oauth2(clinician())
            .get("/v2/models/..%2F..%2Finternal%2Ftenants/ready");
    response.then().statusCode(404).body("error", Matchers.equalTo("No such resource"));
    List<LoggedRequest> calls =
        server.findAll(
            com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlMatching("/auth/inference/.*")));
    assertEquals(0, calls.size(), "a name that is not a model name is never forwarded");
    assertEquals(
        io.medmaas.common.audit.AuditText.INVALID,
        Fixtures.record(response.header("X-Request-Id")).get("model"));
  }
}
