package io.medmaas.gateway.pipeline;

import io.medmaas.common.apikey.ApiKeyFormat;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.GatewayConfig;
import io.medmaas.gateway.routes.BodyKind;
import io.medmaas.gateway.routes.QueryParameters;
import io.medmaas.gateway.routes.Route;
import io.medmaas.gateway.routes.RouteMatch;
import io.medmaas.gateway.routes.RouteTable;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first stage: what can be decided from the request line and headers alone. The URI's length,
 * the declared body size, the route (404, or 405 with {@code Allow}), the path parameters (a model
 * name, version or tenant that is not a valid name cannot exist: 404), the query parameters, the
 * content type the route takes and the content encoding (only identity: a compressed body gets 415,
 * it is not decoded).
 */
@ApplicationScoped
public class Limits implements Stage {

  private static final Future<Void> GO_ON = Future.succeededFuture();
  private static final java.util.List<String> KEY_PARAMETERS =
      java.util.List.of("api_key", "apikey", "api-key", "x-api-key", "key");

  @Inject GatewayConfig config;

  @ConfigProperty(name = "quarkus.http.limits.max-body-size")
  MemorySize maxBody;

  @Override
  public Phase phase() {
    return Phase.LIMITS;
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    HttpServerRequest request = exchange.request();
    if (request.uri().length() > config.limits().maxUriLength()) {
      throw new Rejection(
          ProblemType.URI_TOO_LONG,
          "The request URI is longer than " + config.limits().maxUriLength() + " characters");
    }
    if (declaredLength(request) > maxBody.asLongValue()) {
      throw new Rejection(
              ProblemType.CONTENT_TOO_LARGE,
              "The request body is larger than the limit of " + maxBody.asLongValue() + " bytes")
          .closingConnection();
    }
    RouteMatch match = exchange.match();
    if (!match.found()) {
      if (!match.allowed().isEmpty()) {
        throw new Rejection(
                ProblemType.METHOD_NOT_ALLOWED, "The resource does not take this method")
            .with("Allow", RouteTable.allowHeader(match.allowed()));
      }
      throw new Rejection(ProblemType.NOT_FOUND, "No such API resource");
    }
    if (!match.paramsValid()) {
      throw new Rejection(ProblemType.NOT_FOUND, "No such resource");
    }
    Route route = match.route();
    long limit =
        route.bodyLimit(maxBody.asLongValue(), config.limits().predictionBody().asLongValue());
    exchange.bodyLimit(limit);
    if (declaredLength(request) > limit) {
      throw new Rejection(
              ProblemType.CONTENT_TOO_LARGE,
              "The request body is larger than the limit of " + limit + " bytes")
          .closingConnection();
    }
    refuseKeyInQuery(request);
    checkQuery(request, route);
    checkEncoding(request);
    if (Bodies.declared(request)) { // a route's body may be optional (a rotation's overlap)
      checkContentType(route.body(), request.getHeader(HttpHeaders.CONTENT_TYPE));
    }
    return GO_ON;
  }

  /**
   * An API key in the query string ends up in browser histories, proxies' logs and referrers: it is
   * refused (400) before anything else looks at the request, and its value is never logged, audited
   * or echoed.
   */
  private static void refuseKeyInQuery(HttpServerRequest request) {
    String query = request.query();
    if (query == null) {
      return;
    }
    String lower = query.toLowerCase(Locale.ROOT);
    if (ApiKeyFormat.looksLikeKey(query)
        || lower.contains("mk_live_")
        || lower.contains("mk%5flive%5f")
        || KEY_PARAMETERS.stream()
            .anyMatch(name -> lower.startsWith(name + "=") || lower.contains("&" + name + "="))) {
      throw new Rejection(
          ProblemType.MALFORMED_REQUEST,
          "API keys are taken in the X-API-Key header only, never in the URL; a key sent in a URL"
              + " should be treated as leaked and revoked");
    }
  }

  private static void checkQuery(HttpServerRequest request, Route route) {
    for (String name : route.query()) {
      String value;
      try {
        value = request.getParam(name);
      } catch (IllegalArgumentException malformedEscape) {
        throw new Rejection(ProblemType.MALFORMED_REQUEST, "The query string is malformed");
      }
      if (value != null && !QueryParameters.valid(name, value)) {
        throw new Rejection(
            ProblemType.INVALID_INPUT, "Query parameter " + name + " has an unacceptable value");
      }
    }
  }

  private static long declaredLength(HttpServerRequest request) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared == null) {
      return 0;
    }
    try {
      return Long.parseLong(declared.trim());
    } catch (NumberFormatException e) {
      throw new Rejection(ProblemType.MALFORMED_REQUEST, "The Content-Length is not a number")
          .closingConnection();
    }
  }

  private static void checkEncoding(HttpServerRequest request) {
    String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
    if (encoding != null && !encoding.trim().equalsIgnoreCase("identity")) {
      throw new Rejection(
              ProblemType.UNSUPPORTED_MEDIA_TYPE,
              "Request bodies are taken uncompressed only (Content-Encoding: identity)")
          .with("Accept-Encoding", "identity");
    }
  }

  private static void checkContentType(BodyKind kind, String contentType) {
    String type =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    boolean accepted =
        switch (kind) {
          case NONE -> true;
          case JSON -> type.equals("application/json");
          case MULTIPART -> type.equals("multipart/form-data");
          case TENSORS ->
              type.equals("application/json") || type.equals("application/octet-stream");
        };
    if (!accepted) {
      throw new Rejection(
          ProblemType.UNSUPPORTED_MEDIA_TYPE,
          switch (kind) {
            case MULTIPART -> "This resource takes multipart/form-data";
            case TENSORS ->
                "This resource takes application/json, or application/octet-stream with the"
                    + " Inference-Header-Content-Length header (binary tensors)";
            default -> "This resource takes application/json";
          });
    }
  }
}
