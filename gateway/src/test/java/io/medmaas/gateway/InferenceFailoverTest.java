package io.medmaas.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.medmaas.gateway.Fixtures.record;
import static io.medmaas.gateway.Fixtures.signed;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.ServerSocket;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With two inference instances, one of them gone (nothing listens on its port), every prediction
 * still succeeds: a request that cannot connect to an instance goes to the next, once per instance,
 * and is audited once with the status the caller saw.
 */
@QuarkusTest
@TestProfile(InferenceFailoverTest.TwoInstances.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(InternalTrustResource.class)
@WithTestResource(AuditStoreResource.class)
class InferenceFailoverTest {

  private static final String PREDICT = "/api/v1/models/breast-cancer-diagnosis/predict";

  /** The first instance is a port nothing listens on; the second the stubbed service. */
  public static class TwoInstances implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      int gone;
      try (ServerSocket socket = new ServerSocket(0)) {
        gone = socket.getLocalPort(); // closed again: connecting to it is refused
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return Map.of(
          "medmaas.upstream.inference-url",
          "http://127.0.0.1:" + gone + "/inference, ${keycloak.url}/inference");
    }
  }

  @OidcWireMock WireMockServer server;

  @ConfigProperty(name = "keycloak.url")
  String keycloakUrl;

  private String clinician;

  @BeforeEach
  void stubs() {
    String issuer = Fixtures.issuer(keycloakUrl);
    Fixtures.stubTenants(server, issuer);
    Fixtures.stubPrediction(server);
    clinician = signed(Fixtures.token(issuer, "clinician"));
  }

  @Test
  void everyPredictionSucceedsWhileOneInstanceIsGone() throws Exception {
    server.resetRequests();
    for (int i = 0; i < 6; i++) { // in turn: half of them start at the missing instance
      Response answer =
          given()
              .contentType(ContentType.JSON)
              .body("{\"features\":{}}")
              .auth()
              .oauth2(clinician)
              .post(PREDICT);
      answer.then().statusCode(200);
      String requestId = answer.header("X-Request-Id");
      assertEquals(200, ((Number) record(requestId).get("outcome")).intValue(), "audited once");
    }
    server.verify(
        6,
        postRequestedFor(
            urlEqualTo("/auth/inference/internal/models/breast-cancer-diagnosis/predict")));
  }
}
