package io.medmaas.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's hospital lookup goes through the gateway for anyone (no one is signed in yet), to
 * tenant-admin with no caller's token, and a hostile id is refused before it is forwarded.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(InternalTrustResource.class)
@WithTestResource(AuditStoreResource.class)
class SignInLookupTest {

  private static final String LOOKUP = "/auth/tenant-admin/internal/sign-in/aurora-general";

  @OidcWireMock WireMockServer server;

  @ConfigProperty(name = "keycloak.url")
  String keycloakUrl;

  @BeforeEach
  void stubs() {
    Fixtures.stubTenants(server, Fixtures.issuer(keycloakUrl));
    server.stubFor(
        get(urlEqualTo(LOOKUP))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"tenant\":\"aurora-general\",\"issuer\":\"https://login.example/a\","
                            + "\"rolesClaim\":\"realm_access/roles\"}")));
  }

  @Test
  void anyoneLooksUpOneHospitalThroughTheGateway() {
    given()
        .get("/api/v1/sign-in/aurora-general")
        .then()
        .statusCode(200)
        .body("issuer", equalTo("https://login.example/a"));
    server.verify(getRequestedFor(urlEqualTo(LOOKUP)).withHeader("Authorization", absent()));
  }

  @Test
  void aHostileIdIsRefusedAndNotForwarded() {
    server.resetRequests();
    for (String hostile : new String[] {"..%2Fapi-keys", "%00", "a%2Fb", "%C3%28"}) {
      given()
          .urlEncodingEnabled(false)
          .get("/api/v1/sign-in/" + hostile)
          .then()
          .statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(404)));
    }
    server.verify(
        0,
        getRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(
                "/auth/tenant-admin/internal/sign-in/.*")));
  }
}
