package io.medmaas.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.medmaas.gateway.Fixtures.record;
import static io.medmaas.gateway.Fixtures.signed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An export of the audit log is passed on as the registry sends it, never held whole by the
 * gateway: the caller has its first bytes long before the registry's last, the bytes are the
 * registry's, and the request is audited with the registry's status.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(InternalTrustResource.class)
@WithTestResource(AuditStoreResource.class)
class StreamedAnswerTest {

  private static final String EXPORT = "/auth/registry/internal/audit-events/export";

  @OidcWireMock WireMockServer server;

  @ConfigProperty(name = "keycloak.url")
  String keycloakUrl;

  private String auditor;

  @BeforeEach
  void stubs() {
    String issuer = Fixtures.issuer(keycloakUrl);
    Fixtures.stubTenants(server, issuer);
    auditor = signed(Fixtures.token(issuer, "auditor"));
  }

  @Test
  void anExportArrivesAsTheRegistrySendsIt() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      lines
          .append("{\"seq\":")
          .append(i)
          .append(",\"pad\":\"")
          .append("x".repeat(40))
          .append("\"}\n");
    }
    byte[] body = lines.toString().getBytes(StandardCharsets.UTF_8);
    server.stubFor(
        get(urlPathEqualTo(EXPORT))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/x-ndjson")
                    .withBody(body)
                    .withChunkedDribbleDelay(20, 3000)));
    long start = System.nanoTime();
    HttpResponse<InputStream> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + RestAssured.port + "/api/v1/audit-events/export"))
                    .header("Authorization", "Bearer " + auditor)
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, answer.statusCode());
    assertEquals("application/x-ndjson", answer.headers().firstValue("Content-Type").orElse(""));
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    long firstBytesMillis;
    try (InputStream in = answer.body()) {
      int first = in.read();
      firstBytesMillis = (System.nanoTime() - start) / 1_000_000;
      received.write(first);
      in.transferTo(received);
    }
    long allMillis = (System.nanoTime() - start) / 1_000_000;
    assertArrayEquals(body, received.toByteArray(), "the registry's bytes, whole");
    assertTrue(
        firstBytesMillis < 1_500 && allMillis >= 2_500,
        "first bytes after " + firstBytesMillis + " ms, all after " + allMillis + " ms");
    assertEquals(
        200, record(answer.headers().firstValue("X-Request-Id").orElseThrow()).get("outcome"));
  }

  @Test
  void aRegistryErrorIsAnsweredWholeAsAnyOther() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(EXPORT))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        "{\"type\":\"https://medmaas.io/problems/not-found\",\"title\":\"Not"
                            + " found\",\"status\":404,\"detail\":\"Audit chain not found\"}")));
    var answer =
        RestAssured.given()
            .auth()
            .oauth2(auditor)
            .get("/api/v1/audit-events/export?tenant=cedar-valley");
    assertEquals(404, answer.statusCode());
    assertEquals("not-found", record(answer.header("X-Request-Id")).get("problem_type"));
  }
}
