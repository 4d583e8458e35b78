package io.medmaas.ui.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.ui.UiConfig;
import io.medmaas.ui.auth.CurrentUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The console's one way into the platform: the gateway's public API, called with the signed-in
 * person's own access token, so every action is authorized, rate-limited and audited as theirs.
 * Paths are built from {@link #segment} for every value a person typed; no body or query is logged.
 */
@ApplicationScoped
public class Gateway {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(3))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Inject UiConfig config;
  @Inject CurrentUser user;

  /** A path segment, percent-encoded (a typed name cannot add a segment or a query). */
  public static String segment(String value) {
    if (value == null || value.isEmpty() || value.equals(".") || value.equals("..")) {
      // a dot segment would be resolved away by the gateway: "x/.." is not "x"
      throw new io.medmaas.ui.web.PageException(404, "There is no such page.");
    }
    return encode(value);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A query string of the non-blank values, encoded; empty when there are none. */
  public static String query(Map<String, String> values) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    values.forEach(
        (name, value) -> {
          if (value != null && !value.isBlank()) {
            query.add(encode(name) + "=" + encode(value.strip()));
          }
        });
    return query.toString();
  }

  public GatewayAnswer get(String path) {
    return send(request(path).GET().build());
  }

  /** {@code method} with a JSON body ({@code body} null: none). */
  public GatewayAnswer send(String method, String path, Object body) {
    HttpRequest.BodyPublisher publisher;
    try {
      publisher =
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
    HttpRequest.Builder request = request(path).method(method, publisher);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return send(request.build());
  }

  /** One part of a multipart upload, streamed from its file. */
  public record Part(
      String name, String filename, String contentType, java.nio.file.Path content) {}

  /**
   * A multipart/form-data POST of {@code parts} (a model version's upload), each file streamed from
   * disk rather than held in memory.
   */
  public GatewayAnswer upload(String path, java.util.List<Part> parts) {
    String boundary = "medmaas-console-" + java.util.UUID.randomUUID();
    java.util.List<HttpRequest.BodyPublisher> body = new java.util.ArrayList<>();
    try {
      for (Part part : parts) {
        body.add(
            HttpRequest.BodyPublishers.ofString(
                "--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\""
                    + part.name()
                    + "\"; filename=\""
                    + part.filename()
                    + "\"\r\nContent-Type: "
                    + part.contentType()
                    + "\r\n\r\n"));
        body.add(HttpRequest.BodyPublishers.ofFile(part.content()));
        body.add(HttpRequest.BodyPublishers.ofString("\r\n"));
      }
    } catch (java.io.FileNotFoundException e) {
      throw new java.io.UncheckedIOException(e);
    }
    body.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n"));
    return send(
        request(path)
            .timeout(Duration.ofMinutes(5))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.concat(body.toArray(HttpRequest.BodyPublisher[]::new)))
            .build());
  }

  /** A streamed answer (an export), or null with the failure in {@code failure}. */
  public HttpResponse<InputStream> stream(String path) throws IOException, InterruptedException {
    return http.send(
        request(path).timeout(Duration.ofMinutes(10)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  private HttpRequest.Builder request(String path) {
    if (!path.startsWith("/api/") && !path.startsWith("/v2/")) {
      throw new IllegalArgumentException("the console calls the gateway's public API only");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(config.gatewayUrl() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + user.accessToken())
            .header("Accept", "application/json");
    String visitor = user.address();
    if (visitor != null) {
      request.header(io.medmaas.ui.auth.Visitor.HEADER, visitor);
    }
    return request;
  }

  private GatewayAnswer send(HttpRequest request) {
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      return GatewayAnswer.of(
          answer.statusCode(),
          answer.body(),
          answer.headers().firstValue("X-Request-Id").orElse(null));
    } catch (IOException e) {
      return GatewayAnswer.unreachable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return GatewayAnswer.unreachable();
    }
  }
}
