package io.medmaas.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.caller.RequestIds;
import io.medmaas.common.problem.Problem;
import io.medmaas.common.problem.ProblemType;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose declared body is over {@code quarkus.http.limits.max-body-size} with 413
 * as problem+json ({@code {"error"}} under {@code /v2/}, as the Open Inference Protocol wants),
 * before the framework's own check, which answers with an empty body. The body is never read. (The
 * gateway's own pipeline checks its requests before this runs, and audits them.)
 */
@ApplicationScoped
public class BodyLimit {

  /** Runs before Quarkus's own limit route (order -2). */
  private static final int ORDER = -3;

  @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
  MemorySize limit;

  @Inject ObjectMapper json;

  void install(@Observes Router router) {
    long max = limit.asLongValue();
    router.route().order(ORDER).handler(context -> check(context, max));
  }

  private void check(RoutingContext context, long max) {
    String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared == null || !overLimit(declared, max)) {
      context.next();
      return;
    }
    String requestId =
        Objects.requireNonNullElseGet(
            RequestIds.safe(context.request().getHeader(RequestIds.HEADER)), RequestIds::newId);
    answer(
        context,
        context.request().path(),
        ProblemType.CONTENT_TOO_LARGE,
        "The request body is larger than the limit of " + max + " bytes",
        requestId);
  }

  static boolean overLimit(String declared, long max) {
    try {
      return Long.parseLong(declared.trim()) > max;
    } catch (NumberFormatException e) {
      return false; // Quarkus's own checks answer a malformed length
    }
  }

  private void answer(
      RoutingContext context, String path, ProblemType type, String detail, String requestId) {
    String body;
    String mediaType;
    try {
      if (path.startsWith("/v2/")) {
        body = json.writeValueAsString(Map.of("error", detail));
        mediaType = "application/json";
      } else {
        body = json.writeValueAsString(Problem.of(type, detail, requestId));
        mediaType = Problem.MEDIA_TYPE;
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    // the unread body is still on the wire: the connection cannot be reused
    context
        .response()
        .setStatusCode(type.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, mediaType)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .putHeader(RequestIds.HEADER, requestId)
        .end(body)
        .onComplete(done -> context.request().connection().close());
  }
}
