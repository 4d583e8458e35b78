package io.medmaas.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.medmaas.gateway.Fixtures.record;
import static io.medmaas.gateway.Fixtures.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.medmaas.gateway.pipeline.BodyBudget;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Uploads pass through the gateway as they arrive: the gateway holds none of an upload's bytes
 * while a prediction body of the same size is held whole (the contrast shows the probe can see a
 * held body), the registry receives the very bytes sent, and a chunked upload past the limit is cut
 * off with 413 and the internal request is never completed.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(InternalTrustResource.class)
@WithTestResource(AuditStoreResource.class)
class UploadStreamingTest {

  private static final String UPLOAD = "/api/v1/models/streamed-model/versions";
  private static final String INTERNAL = "/auth/registry/internal/models/streamed-model/versions";
  private static final String PREDICT = "/api/v1/models/streamed-model/predict";
  private static final String BOUNDARY = "medmaas-test-boundary";

  @OidcWireMock WireMockServer server;

  @Inject BodyBudget budget;

  @ConfigProperty(name = "keycloak.url")
  String keycloakUrl;

  private String publisher;

  @BeforeEach
  void stubs() {
    server.resetRequests();
    String issuer = Fixtures.issuer(keycloakUrl);
    Fixtures.stubTenants(server, issuer);
    publisher = signed(Fixtures.token(issuer, "model-publisher", "clinician"));
    server.stubFor(
        post(urlEqualTo(INTERNAL))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"model\":\"streamed-model\",\"version\":1}")));
  }

  @Test
  void anUploadIsPassedOnAsItArrivesAndArrivesWhole() throws Exception {
    byte[] body = multipart(600 * 1024);
    int half = body.length / 2;
    try (Socket socket = open()) {
      OutputStream out = socket.getOutputStream();
      out.write(head(UPLOAD, "multipart/form-data; boundary=" + BOUNDARY, body.length));
      out.write(body, 0, half);
      out.flush();
      Thread.sleep(500);
      assertEquals(0, budget.held(), "the gateway holds no byte of an upload");
      out.write(body, half, body.length - half);
      out.flush();
      String answer = readAnswer(socket);
      assertTrue(answer.startsWith("HTTP/1.1 201"), answer);
      Map<String, Object> record = record(requestId(answer));
      assertEquals(201, record.get("outcome"));
      assertTrue(
          ((String) record.get("input_digest")).matches("hmac-sha256:[0-9a-f]{8}:[0-9a-f]{64}"));
    }
    server.verify(1, postRequestedFor(urlEqualTo(INTERNAL)).withRequestBody(binaryEqualTo(body)));
  }

  @Test
  void anUploadOverHttp2IsAnsweredToo() throws Exception {
    byte[] body = multipart(64 * 1024);
    var client =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_2)
            .build();
    String base = "http://127.0.0.1:" + RestAssured.port;
    // the first request of the connection upgrades it to HTTP/2 (h2c)
    client.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v2/health/live")).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
    var answer =
        client.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + UPLOAD))
                .timeout(java.time.Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + publisher)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(java.net.http.HttpClient.Version.HTTP_2, answer.version());
    assertEquals(201, answer.statusCode(), answer.body());
    server.verify(1, postRequestedFor(urlEqualTo(INTERNAL)).withRequestBody(binaryEqualTo(body)));
  }

  @Test
  void aRegistryThatFailsDuringAnUploadIs503NotATimeout() throws Exception {
    var fault =
        server.stubFor(
            post(urlEqualTo(INTERNAL))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withFault(
                            com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
    try {
      byte[] body = multipart(600 * 1024);
      long start = System.nanoTime();
      try (Socket socket = open()) {
        OutputStream out = socket.getOutputStream();
        out.write(head(UPLOAD, "multipart/form-data; boundary=" + BOUNDARY, body.length));
        out.write(body);
        out.flush();
        String answer = readAnswer(socket);
        assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
        assertTrue(answer.contains("Retry-After"), answer);
      }
      assertTrue(System.nanoTime() - start < 5_000_000_000L, "answered at once");
    } finally {
      server.removeStub(fault);
    }
  }

  @Test
  void aPredictionBodyIsHeldWholeWhichTheProbeSees() throws Exception {
    int length = 600 * 1024;
    try (Socket socket = open()) {
      OutputStream out = socket.getOutputStream();
      out.write(head(PREDICT, "application/json", length));
      byte[] part = new byte[length / 2];
      Arrays.fill(part, (byte) ' ');
      out.write(part);
      out.flush();
      long held = 0;
      for (int i = 0; i < 50 && held == 0; i++) {
        Thread.sleep(20);
        held = budget.held();
      }
      assertTrue(held > 0, "a prediction body is held as it is read");
    }
  }

  @Test
  void aChunkedUploadPastTheLimitIs413AndTheRegistryNeverGetsAWholeBody() throws Exception {
    String answer;
    try (Socket socket = open()) {
      CompletableFuture<String> reading = CompletableFuture.supplyAsync(() -> readAnswer(socket));
      OutputStream out = socket.getOutputStream();
      try {
        out.write(
            ("POST "
                    + UPLOAD
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary="
                    + BOUNDARY
                    + "\r\nAuthorization: Bearer "
                    + publisher
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[65536];
        Arrays.fill(chunk, (byte) 'a');
        for (int sent = 0; sent < 2 * 1024 * 1024; sent += chunk.length) {
          out.write(
              (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException closedByTheGateway) {
        // the gateway answered and closed before the body was all sent
      }
      answer = reading.join();
    }
    assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    assertTrue(answer.contains("application/problem+json"), answer);
    assertTrue(answer.contains("\"requestId\""), answer);
    Map<String, Object> record = record(requestId(answer));
    assertEquals(413, record.get("outcome"));
    assertEquals("model.version.upload", record.get("action"));
    Thread.sleep(300);
    assertTrue(
        server.findAll(postRequestedFor(urlEqualTo(INTERNAL))).isEmpty(),
        "the registry never receives the cut-off body as a request");
  }

  private static Socket open() throws IOException {
    Socket socket = new Socket("127.0.0.1", RestAssured.port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private byte[] head(String path, String contentType, int length) {
    return ("POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
            + contentType
            + "\r\nAuthorization: Bearer "
            + publisher
            + "\r\nContent-Length: "
            + length
            + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A multipart body with one binary part of {@code size} bytes that are not all alike. */
  private static byte[] multipart(int size) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"model\"; filename=\"model.onnx\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < size; i++) {
      body.write((i * 31 + (i >> 8)) & 0xff);
    }
    body.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return body.toByteArray();
  }

  private static String readAnswer(Socket socket) {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        read.write(buffer, 0, n);
      }
    } catch (IOException reset) {
      // the connection was reset after the answer: keep what arrived
    }
    return read.toString(StandardCharsets.UTF_8);
  }

  private static String requestId(String answer) {
    return answer.replaceAll("(?s).*X-Request-Id: ([0-9a-f-]{36}).*", "$1");
  }
}
