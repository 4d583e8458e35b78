package io.medmaas.gateway.upstream;

import io.medmaas.common.caller.RequestIds;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;

/** Calls to the internal services, each with an internal token; their answers are relayed. */
@ApplicationScoped
public class Upstreams {

  private static final Logger LOG = Logger.getLogger(Upstreams.class);

  @Inject Vertx vertx;
  @Inject GatewayConfig config;

  private WebClient client;

  @PostConstruct
  void init() {
    client =
        WebClient.create(
            vertx,
            new WebClientOptions().setConnectTimeout(3000).setKeepAlive(true).setMaxPoolSize(64));
  }

  public String inference() {
    return config.upstream().inferenceUrl();
  }

  public String registry() {
    return config.upstream().registryUrl();
  }

  public String tenantAdmin() {
    return config.upstream().tenantAdminUrl();
  }

  /** A GET to inference (path from its root) acting with {@code internalToken}. */
  public Uni<HttpResponse<Buffer>> getFromInference(
      String path, String internalToken, String requestId) {
    return send(HttpMethod.GET, inference() + path, internalToken, requestId, Map.of(), null);
  }

  /** Sends a request with a JSON body (or none) and returns the upstream's answer. */
  public Uni<HttpResponse<Buffer>> send(
      HttpMethod method,
      String url,
      String internalToken,
      String requestId,
      Map<String, String> query,
      byte[] body) {
    return send(method, url, internalToken, requestId, query, body, "application/json");
  }

  /** As above, with the body's content type (a multipart upload keeps its boundary). */
  public Uni<HttpResponse<Buffer>> send(
      HttpMethod method,
      String url,
      String internalToken,
      String requestId,
      Map<String, String> query,
      byte[] body,
      String contentType) {
    return send(method, url, internalToken, requestId, query, body, contentType, Map.of());
  }

  /** As above, with extra request headers (protocol headers that must travel with the body). */
  public Uni<HttpResponse<Buffer>> send(
      HttpMethod method,
      String url,
      String internalToken,
      String requestId,
      Map<String, String> query,
      byte[] body,
      String contentType,
      Map<String, String> headers) {
    HttpRequest<Buffer> request =
        client
            .requestAbs(method, url)
            .putHeader(RequestIds.HEADER, requestId)
            .timeout(config.upstream().timeout().toMillis());
    if (internalToken != null) {
      request.bearerTokenAuthentication(internalToken);
    }
    headers.forEach(request::putHeader);
    query.forEach(request::addQueryParam);
    Uni<HttpResponse<Buffer>> response;
    if (body != null) {
      request.putHeader("Content-Type", contentType);
      response = request.sendBuffer(Buffer.buffer(body));
    } else {
      response = request.send();
    }
    return response
        .onFailure()
        .transform(
            e -> {
              LOG.warnf("Upstream %s failed: %s", url, e.getClass().getSimpleName());
              return new ProblemException(
                  ProblemType.UNAVAILABLE, "An internal service is unavailable; retry shortly");
            });
  }

  /** The upstream's answer as the gateway's response, headers limited to the safe ones. */
  public static Response relay(HttpResponse<Buffer> upstream, String... headers) {
    Response.ResponseBuilder builder = Response.status(upstream.statusCode());
    String contentType = upstream.getHeader("Content-Type");
    if (contentType != null) {
      builder.type(contentType);
    }
    for (String header : headers) {
      String value = upstream.getHeader(header);
      if (value != null) {
        builder.header(header, value);
      }
    }
    Buffer body = upstream.body();
    return builder.entity(body == null ? new byte[0] : body.getBytes()).build();
  }
}
