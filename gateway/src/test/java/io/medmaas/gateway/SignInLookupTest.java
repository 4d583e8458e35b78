package io.medmaas.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.medmaas.gateway.auth.FailedCredentials;
import io.medmaas.gateway.tenant.TenantDirectory;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's hospital lookup: the gateway answers it for anyone (no one is signed in yet) from
 * its own tenant list, with no call to tenant-admin per request; only an active hospital is
 * answered, every other id gets one and the same 404, and an address that asks for many unknown ids
 * is throttled like one that sends bad credentials.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(InternalTrustResource.class)
@WithTestResource(AuditStoreResource.class)
class SignInLookupTest {

  private static final String LOOKUP = "/api/v1/sign-in/";

  @OidcWireMock WireMockServer server;
  @Inject TenantDirectory directory;
  @Inject FailedCredentials failures;

  @ConfigProperty(name = "keycloak.url")
  String keycloakUrl;

  @BeforeEach
  void stubs() throws InterruptedException {
    String issuer = Fixtures.issuer(keycloakUrl);
    Fixtures.stubTenantList(
        server,
        "["
            + Fixtures.tenant("aurora-general", issuer)
                .replace(
                    "}",
                    ",\"roleMapping\":{\"physician\":\"clinician\",\"platform-admin\":\"platform-admin\"}}")
            + ","
            + Fixtures.tenant("cedar-valley", issuer + "-of-cedar-valley")
                .replace("\"active\"", "\"suspended\"")
            + "]");
    directory.changed();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!directory.cachedById("aurora-general").map(t -> t.roleMapping() != null).orElse(false)
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    failures.clear();
  }

  @AfterEach
  void restore() {
    Fixtures.stubTenants(server, Fixtures.issuer(keycloakUrl));
    directory.changed();
    failures.clear();
  }

  private static Response lookup(String id) {
    return given().urlEncodingEnabled(false).get(LOOKUP + id);
  }

  @Test
  void anActiveHospitalIsAnsweredFromTheGatewaysOwnList() {
    server.resetRequests();
    for (int i = 0; i < 20; i++) {
      JsonPath body =
          lookup("aurora-general")
              .then()
              .statusCode(200)
              .header("Cache-Control", "no-store")
              .extract()
              .jsonPath();
      assertEquals("aurora-general", body.getString("tenant"));
      assertEquals(Fixtures.issuer(keycloakUrl), body.getString("issuer"));
      for (String withheld :
          new String[] {
            "displayName", "audiences", "entitlements", "limits", "rolesClaim", "roleMapping"
          }) {
        assertFalse(body.getMap("$").containsKey(withheld), withheld + " is not for anyone");
      }
    }
    // no call per lookup: at most the list's own refreshes (a change event's), nothing else
    var calls = server.findAll(getRequestedFor(urlPathMatching("/auth/tenant-admin/.*")));
    assertTrue(calls.size() < 3, calls.size() + " calls for 20 lookups");
    for (var call : calls) {
      assertEquals("/auth/tenant-admin/internal/directory/tenants", call.getUrl());
    }
  }

  @Test
  void everyOtherIdIsTheSame404WithNoEcho() {
    JsonPath unknown = lookup("no-such-hospital").then().statusCode(404).extract().jsonPath();
    for (String other : new String[] {"cedar-valley", "platform", "aurora-genera"}) {
      Response answer = lookup(other);
      assertEquals(404, answer.statusCode(), other);
      assertTrue(answer.contentType().startsWith("application/problem+json"), other);
      JsonPath body = answer.jsonPath();
      for (String field : new String[] {"type", "title", "detail"}) {
        assertEquals(unknown.getString(field), body.getString(field), other + ": " + field);
      }
      assertFalse(answer.asString().contains(other), "no echo of " + other);
    }
  }

  @Test
  void aHostileIdIsRefusedWithoutEcho() {
    String[] hostile = {
      "..%2Fapi-keys",
      "%00",
      "a%2Fb",
      "%C3%28",
      "aurora-general%00",
      "AURORA-GENERAL",
      "-zqx",
      "a".repeat(300),
      "%E2%80%AEx",
      "aurora-general%20"
    };
    for (String id : hostile) {
      Response answer = lookup(id);
      assertTrue(
          answer.statusCode() == 404 || answer.statusCode() == 400,
          id + ": " + answer.statusCode());
      String decoded = URLDecoder.decode(id.replace("+", "%2B"), StandardCharsets.UTF_8);
      assertFalse(answer.asString().contains(decoded), "no echo of " + id);
      assertFalse(answer.asString().contains("aurora-general"), "nothing of Aurora for " + id);
    }
  }

  @Test
  void manyUnknownIdsFromOneAddressAreThrottledAndThenNoIdIsAnswered() {
    int status = 404;
    int sent = 0;
    while (status == 404 && sent < 1100) {
      status = lookup("guess-" + sent).statusCode();
      sent++;
    }
    assertEquals(429, status, "throttled after " + sent);
    Response throttled = lookup("guess-again");
    assertEquals(429, throttled.statusCode());
    assertTrue(Integer.parseInt(throttled.header("Retry-After")) >= 1);
    // a throttled address learns nothing more: a known id is refused like the rest
    assertEquals(429, lookup("aurora-general").statusCode());
    failures.clear();
    lookup("aurora-general").then().statusCode(200).body("tenant", equalTo("aurora-general"));
  }

  @Test
  void theSignedInLearnTheirOwnRolesAsTheGatewayReadsThemAndNoOneElseDoes() {
    String issuer = Fixtures.issuer(keycloakUrl);
    // Aurora's provider calls its clinicians physicians; a platform role it names is no role here
    String token =
        Fixtures.signed(
            Fixtures.token(issuer, "physician", "platform-admin", "clinician")
                .preferredUserName("dr.grey"));
    JsonPath me =
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200).extract().jsonPath();
    assertEquals("aurora-general", me.getString("tenant"));
    assertEquals("dr.grey", me.getString("username"));
    assertEquals(java.util.List.of("clinician"), me.getList("roles"));
    given().get("/api/v1/me").then().statusCode(401);
    given().auth().oauth2("not.a.token").get("/api/v1/me").then().statusCode(401);
  }
}
