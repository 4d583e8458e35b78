package io.medmaas.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.medmaas.gateway.Fixtures.BODY;
import static io.medmaas.gateway.Fixtures.PREDICT;
import static io.medmaas.gateway.Fixtures.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP/2 a body needs no Content-Length (its stream's end says where it ends): such a body is
 * read and passed on whole, one over the limit is refused with 413 and the client told to stop
 * sending it (RST_STREAM, NO_ERROR), and a bodiless request is still served as one.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(InternalTrustResource.class)
@WithTestResource(AuditStoreResource.class)
class Http2BodiesTest {

  private static final String INTERNAL =
      "/auth/inference/internal/models/breast-cancer-diagnosis/predict";

  @OidcWireMock WireMockServer server;

  @Inject Vertx vertx;

  @ConfigProperty(name = "keycloak.url")
  String keycloakUrl;

  private String clinician;
  private HttpClient client;
  private String base;

  @BeforeEach
  void stubs() throws Exception {
    server.resetRequests();
    String issuer = Fixtures.issuer(keycloakUrl);
    Fixtures.stubTenants(server, issuer);
    Fixtures.stubPrediction(server);
    clinician = signed(Fixtures.token(issuer, "clinician"));
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    base = "http://127.0.0.1:" + RestAssured.port;
    // the first request of the connection upgrades it to HTTP/2 (h2c)
    client.send(
        HttpRequest.newBuilder(URI.create(base + "/v2/health/live")).build(),
        HttpResponse.BodyHandlers.discarding());
  }

  /** A POST whose body's length is not known beforehand: sent with no Content-Length. */
  private HttpResponse<String> postUnsized(String path, byte[] body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + clinician)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aBodyWithoutContentLengthIsReadWholeAndPassedOn() throws Exception {
    HttpResponse<String> answer = postUnsized(PREDICT, BODY.getBytes(StandardCharsets.UTF_8));
    assertEquals(HttpClient.Version.HTTP_2, answer.version());
    assertTrue(answer.request().headers().firstValue("Content-Length").isEmpty());
    assertEquals(200, answer.statusCode(), answer.body());
    server.verify(1, postRequestedFor(urlEqualTo(INTERNAL)).withRequestBody(equalToJson(BODY)));
  }

  @Test
  void aBodyWithoutContentLengthOverTheLimitIs413() throws Exception {
    byte[] huge = new byte[3 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    huge[huge.length - 1] = '}';
    HttpResponse<String> answer = postUnsized(PREDICT, huge);
    assertEquals(413, answer.statusCode(), answer.body());
    server.verify(0, postRequestedFor(urlEqualTo(INTERNAL)));
  }

  @Test
  void afterAnEarlyAnswerTheClientIsToldToStopSendingAndTheConnectionGoesOn() throws Exception {
    var options =
        new io.vertx.core.http.HttpClientOptions()
            .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2)
            .setHttp2ClearTextUpgrade(false);
    io.vertx.core.http.HttpClient http2 = vertx.createHttpClient(options);
    try {
      CompletableFuture<Integer> status = new CompletableFuture<>();
      CompletableFuture<Long> reset = new CompletableFuture<>();
      http2
          .request(io.vertx.core.http.HttpMethod.POST, RestAssured.port, "127.0.0.1", PREDICT)
          .onFailure(status::completeExceptionally)
          .onSuccess(
              request -> {
                request.putHeader("Authorization", "Bearer " + clinician);
                request.putHeader("Content-Type", "application/json");
                request.setChunked(true); // over HTTP/2: no Content-Length, the stream says
                request.exceptionHandler(
                    failure -> {
                      if (failure instanceof io.vertx.core.http.StreamResetException r) {
                        reset.complete(r.getCode());
                      }
                    });
                request
                    .response()
                    .onSuccess(response -> status.complete(response.statusCode()))
                    .onFailure(status::completeExceptionally);
                // more than the limit, with no Content-Length, and never ended
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) ' ');
                request.write(io.vertx.core.buffer.Buffer.buffer("{\"instances\":["));
                for (int i = 0; i < 24; i++) {
                  request.write(io.vertx.core.buffer.Buffer.buffer(chunk));
                }
              });
      assertEquals(413, status.get(10, TimeUnit.SECONDS));
      assertEquals(0L, reset.get(10, TimeUnit.SECONDS), "RST_STREAM with NO_ERROR");
      // the connection goes on: the next request on it (HTTP/2 multiplexes one) is served
      CompletableFuture<Integer> next = new CompletableFuture<>();
      http2
          .request(io.vertx.core.http.HttpMethod.POST, RestAssured.port, "127.0.0.1", PREDICT)
          .compose(
              request -> {
                request.putHeader("Authorization", "Bearer " + clinician);
                request.putHeader("Content-Type", "application/json");
                return request.send(BODY);
              })
          .onSuccess(response -> next.complete(response.statusCode()))
          .onFailure(next::completeExceptionally);
      assertEquals(200, next.get(10, TimeUnit.SECONDS));
    } finally {
      http2.close();
    }
  }

  @Test
  void aPostWhoseBodyIsOptionalMayComeWithoutOneOverHttp2() throws Exception {
    String rotate =
        "/auth/tenant-admin/internal/tenants/aurora-general/api-keys/AbCdEf012345/rotate";
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(rotate))
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\":\"NewKey000000\"}")));
    String admin = signed(Fixtures.token(Fixtures.issuer(keycloakUrl), "hospital-admin"));
    HttpResponse<String> answer =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base + "/api/v1/tenants/aurora-general/api-keys/AbCdEf012345/rotate"))
                .header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(HttpClient.Version.HTTP_2, answer.version());
    assertEquals(201, answer.statusCode(), answer.body());
    server.verify(1, postRequestedFor(urlEqualTo(rotate)));
  }

  @Test
  void aBodilessRequestIsStillOne() throws Exception {
    HttpResponse<String> answer =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/models/breast-cancer-diagnosis"))
                .header("Authorization", "Bearer " + clinician)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(HttpClient.Version.HTTP_2, answer.version());
    // the registry is not stubbed for this: what matters is the request was not taken for a body
    assertTrue(answer.statusCode() != 400 && answer.statusCode() != 415, answer.body());
  }
}
