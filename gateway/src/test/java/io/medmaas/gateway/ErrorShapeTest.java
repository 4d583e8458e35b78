package io.medmaas.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.medmaas.gateway.Fixtures.signed;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every status the gateway produces itself, in both API families: RFC 9457 problem+json under
 * {@code /api}, {@code {"error": "..."}} under {@code /v2} (what Triton's and KServe's clients
 * parse), never an echo of what was sent, always the request id; every 401 with a Bearer challenge.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(InternalTrustResource.class)
@WithTestResource(AuditStoreResource.class)
class ErrorShapeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CANARY = "zzcanary";
  private static final String NATIVE = "/api/v1/models/breast-cancer-diagnosis/metadata";
  private static final String OIP = "/v2/models/breast-cancer-diagnosis";

  @OidcWireMock WireMockServer server;

  @ConfigProperty(name = "keycloak.url")
  String keycloakUrl;

  private String clinician;
  private String auditor;

  private final List<com.github.tomakehurst.wiremock.stubbing.StubMapping> faults =
      new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void removeFaults() {
    faults.forEach(server::removeStub);
    faults.clear();
  }

  @BeforeEach
  void stubs() {
    String issuer = Fixtures.issuer(keycloakUrl);
    Fixtures.stubTenants(server, issuer);
    clinician = signed(Fixtures.token(issuer, "clinician"));
    auditor = signed(Fixtures.token(issuer, "auditor"));
  }

  /** The answer is the family's error shape for this status, and gives nothing away. */
  private static void assertShape(String path, int status, Response response) throws IOException {
    assertEquals(status, response.statusCode(), response.asString());
    assertShape(path, status, response.contentType(), response.asString());
    assertTrue(response.header("X-Request-Id").matches("[0-9a-f-]{36}"));
  }

  private static void assertShape(String path, int status, String contentType, String body)
      throws IOException {
    JsonNode json = JSON.readTree(body);
    if (path.startsWith("/v2")) {
      assertEquals("application/json", contentType.split(";")[0]);
      assertEquals(1, json.size(), "only the protocol's error field: " + body);
      assertTrue(json.get("error").isTextual(), body);
    } else {
      assertEquals("application/problem+json", contentType.split(";")[0]);
      assertEquals(status, json.get("status").asInt());
      assertTrue(json.get("type").asText().startsWith("https://medmaas.io/problems/"), body);
      assertTrue(json.hasNonNull("title") && json.hasNonNull("detail"), body);
      assertTrue(json.get("requestId").asText().matches("[0-9a-f-]{36}"), body);
    }
    assertFalse(body.contains(CANARY), "nothing the caller sent is echoed: " + body);
    assertFalse(body.contains("Exception"), "no class names: " + body);
  }

  private static RequestSpecification raw() {
    return given().urlEncodingEnabled(false);
  }

  @Test
  void unauthenticatedIs401WithABearerChallenge() throws IOException {
    for (String path : List.of(NATIVE, OIP)) {
      Response none = raw().get(path);
      assertShape(path, 401, none);
      assertEquals("Bearer realm=\"medmaas\"", none.header("WWW-Authenticate"));
      Response bad = raw().auth().oauth2("a." + CANARY + ".c").get(path);
      assertShape(path, 401, bad);
      assertEquals(
          "Bearer realm=\"medmaas\", error=\"invalid_token\","
              + " error_description=\"The bearer token is not a well-formed signed JWT\"",
          bad.header("WWW-Authenticate"));
    }
  }

  @Test
  void aRoleThatDoesNotAllowItIs403() throws IOException {
    for (String path : List.of(NATIVE, OIP)) {
      assertShape(path, 403, raw().auth().oauth2(auditor).get(path));
    }
  }

  @Test
  void unknownRoutesAndNamesThatCannotExistAre404() throws IOException {
    for (String path :
        List.of(
            "/api/v1/" + CANARY,
            "/v2/" + CANARY,
            "/api/v1/models/" + CANARY + "%00/metadata",
            "/v2/models/" + CANARY + "%00")) {
      assertShape(path, 404, raw().auth().oauth2(clinician).get(path));
    }
  }

  @Test
  void aMethodARouteDoesNotTakeIs405() throws IOException {
    for (String path : List.of(NATIVE, OIP)) {
      Response response = raw().auth().oauth2(clinician).delete(path);
      assertShape(path, 405, response);
      assertEquals("GET", response.header("Allow"));
    }
  }

  @Test
  void aBodyOverTheLimitIs413DeclaredOrStreamed() throws IOException {
    for (String path : List.of("/api/v1/models/x1/predict", "/v2/models/x1/infer")) {
      String declared =
          io.medmaas.testing.OversizeRequest.post(RestAssured.port, path, "Bearer " + clinician);
      assertTrue(declared.startsWith("HTTP/1.1 413"), declared);
      assertShape(path, 413, header(declared, "Content-Type"), body(declared));
      String streamed = chunked(path, 2 * 1024 * 1024, "Bearer " + clinician);
      assertTrue(streamed.startsWith("HTTP/1.1 413"), streamed);
      assertShape(path, 413, header(streamed, "Content-Type"), body(streamed));
    }
  }

  @Test
  void aUriOverTheLimitIs414() throws IOException {
    for (String path : List.of(NATIVE, OIP)) {
      String tooLong = path + "?" + CANARY + "=" + "x".repeat(9000);
      assertShape(path, 414, raw().auth().oauth2(clinician).get(tooLong));
    }
  }

  @Test
  void aCompressedBodyOrAnotherTypeIs415() throws IOException {
    for (String path : List.of("/api/v1/models/x1/predict", "/v2/models/x1/infer")) {
      Response gzip =
          raw()
              .auth()
              .oauth2(clinician)
              .contentType("application/json")
              .header("Content-Encoding", "gzip")
              .body(new byte[] {31, -117, 8, 0})
              .post(path);
      assertShape(path, 415, gzip);
      assertEquals("identity", gzip.header("Accept-Encoding"));
    }
    assertShape(
        "/api",
        415,
        raw()
            .auth()
            .oauth2(clinician)
            .contentType("text/plain")
            .body(CANARY)
            .post("/api/v1/models/x1/predict"));
  }

  @Test
  void aBodyThatTricklesInIs408() throws IOException {
    for (String path : List.of("/api/v1/models/x1/predict", "/v2/models/x1/infer")) {
      try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST "
                    + path
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer "
                    + clinician
                    + "\r\nContent-Length: 100\r\n\r\n{\"in")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        assertShape(path, 408, header(answer, "Content-Type"), body(answer));
      }
    }
  }

  @Test
  void anInternalServiceThatIsDownIs503AndOneThatHangsIs504() throws IOException {
    faults.add(
        server.stubFor(
            get(urlEqualTo("/auth/inference/internal/models/breast-cancer-diagnosis/metadata"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))));
    faults.add(
        server.stubFor(
            get(urlEqualTo("/auth/inference/v2/models/breast-cancer-diagnosis"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))));
    for (String path : List.of(NATIVE, OIP)) {
      Response down = raw().auth().oauth2(clinician).get(path);
      assertShape(path, 503, down);
      assertEquals("1", down.header("Retry-After"));
    }
    faults.add(
        server.stubFor(
            get(urlEqualTo("/auth/inference/internal/models/breast-cancer-diagnosis/metadata"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(5000))));
    faults.add(
        server.stubFor(
            get(urlEqualTo("/auth/inference/v2/models/breast-cancer-diagnosis"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(5000))));
    for (String path : List.of(NATIVE, OIP)) {
      assertShape(path, 504, raw().auth().oauth2(clinician).get(path));
    }
  }

  @Test
  void anOverloadAnswerOfInferenceIsRelayedWithItsRetryAfter() throws IOException {
    faults.add(
        server.stubFor(
            get(urlEqualTo("/auth/inference/v2/models/breast-cancer-diagnosis"))
                .willReturn(
                    aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Retry-After", "1")
                        .withBody(
                            "{\"error\":\"Your organisation's share of this model's queue\"}"))));
    Response response = raw().auth().oauth2(clinician).get(OIP);
    assertShape(OIP, 429, response);
    assertEquals("1", response.header("Retry-After"));
  }

  /**
   * Posts a chunked body of {@code size} bytes and returns the whole answer, read while the body is
   * still being sent (the gateway answers and closes before it has all arrived).
   */
  private static String chunked(String path, int size, String authorization) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
      socket.setSoTimeout(10_000);
      java.util.concurrent.CompletableFuture<String> answer =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try (InputStream in = socket.getInputStream()) {
                  java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
                  byte[] buffer = new byte[8192];
                  int n;
                  try {
                    while ((n = in.read(buffer)) >= 0) {
                      read.write(buffer, 0, n);
                    }
                  } catch (IOException reset) {
                    // the connection was reset after the answer: keep what arrived
                  }
                  return read.toString(StandardCharsets.UTF_8);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      OutputStream out = socket.getOutputStream();
      try {
        out.write(
            ("POST "
                    + path
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: "
                    + authorization
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[65536];
        java.util.Arrays.fill(chunk, (byte) 'a');
        for (int sent = 0; sent < size; sent += chunk.length) {
          out.write(
              (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException closedByTheServer) {
        // the gateway answered and closed the connection before the body was all sent
      }
      return answer.join();
    }
  }

  private static String header(String answer, String name) {
    for (String line : answer.split("\r\n")) {
      if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return "";
  }

  private static String body(String answer) {
    return answer.substring(answer.indexOf("\r\n\r\n") + 4);
  }
}
