package io.medmaas.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.caller.RequestIds;
import io.medmaas.common.problem.Problem;
import io.medmaas.common.problem.ProblemType;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Answers a request whose declared body is over {@code quarkus.http.limits.max-body-size} with 413
 * as problem+json ({@code {"error"}} under {@code /v2/}, as the Open Inference Protocol wants),
 * before the framework's own check, which answers with an empty body. The body is never read.
 */
@ApplicationScoped
public class BodyLimit {

  private static final Logger LOG = Logger.getLogger(BodyLimit.class);

  /** Runs before Quarkus's own limit route (order -2). */
  private static final int ORDER = -3;

  @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
  MemorySize limit;

  @Inject Instance<RejectedRequests> rejections;
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
    String path = context.request().path();
    boolean audited = rejections.isResolvable();
    // a service that audits (the gateway) mints its own ids; the others take the gateway's
    String requestId =
        audited
            ? RequestIds.newId()
            : Objects.requireNonNullElseGet(
                RequestIds.safe(context.request().getHeader(RequestIds.HEADER)), RequestIds::newId);
    Context requestContext = Vertx.currentContext();
    CompletionStage<Void> recorded =
        audited
            ? rejections.get().rejected(context.request().method().name(), path, 413, requestId)
            : CompletableFuture.completedFuture(null);
    recorded.whenComplete(
        (ignored, failure) ->
            requestContext.runOnContext(
                v -> {
                  if (failure != null) {
                    LOG.errorf(
                        "Rejection %s could not be recorded: %s",
                        requestId, failure.getClass().getSimpleName());
                    answer(
                        context,
                        path,
                        ProblemType.UNAVAILABLE,
                        "The request could not be audited, so it was not answered; retry shortly",
                        requestId);
                  } else {
                    answer(
                        context,
                        path,
                        ProblemType.CONTENT_TOO_LARGE,
                        "The request body is larger than the limit of " + max + " bytes",
                        requestId);
                  }
                }));
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
