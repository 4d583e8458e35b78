package io.medmaas.gateway.pipeline;

import io.medmaas.common.caller.RequestIds;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.routes.RouteMatch;
import io.medmaas.gateway.routes.RouteTable;
import io.medmaas.gateway.routes.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The gateway's one request pipeline. Every request under {@code /api} and {@code /v2} passes the
 * stages in the order of {@link Phase}, sharing one {@link Exchange}; once its answer is known
 * (from the last stage or from the first refusal), the {@link Completion} (the access audit) runs,
 * and only then does the answer leave. Nothing here knows what a stage does.
 */
@ApplicationScoped
public class Pipeline {

  private static final Logger LOG = Logger.getLogger(Pipeline.class);

  /** Before Quarkus's own body-size check (-2) and the services' problem+json one (-3). */
  static final int ORDER = -4;

  /** Where Quarkus's HTTP metrics look for a request's URI template (as RESTEasy sets it). */
  private static final String METRICS_TEMPLATE = "UrlPathTemplate";

  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  private static final CharSequence NOSNIFF_HEADER =
      HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");

  private final RouteTable routes = new RouteTable(Routes.ALL);
  private final List<Stage> stages;
  private final Completion completion;
  private final BodyBudget budget;
  private final long drainMillis;

  @Inject
  Pipeline(
      Instance<Stage> stages,
      Completion completion,
      BodyBudget budget,
      io.medmaas.gateway.GatewayConfig config) {
    this.budget = budget;
    this.drainMillis = config.limits().bodyTimeout().toMillis();
    this.stages = stages.stream().sorted(Comparator.comparing(Stage::phase)).toList();
    if (this.stages.stream().map(Stage::phase).distinct().count() != Phase.values().length) {
      throw new IllegalStateException("Every phase needs exactly one stage: " + this.stages);
    }
    this.completion = completion;
  }

  public RouteTable routes() {
    return routes;
  }

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(this::handle);
  }

  private void handle(RoutingContext context) {
    HttpServerRequest request = context.request();
    ApiFamily family = ApiFamily.of(request.path());
    if (family == null) {
      context.next();
      return;
    }
    request.pause(); // no body byte is read before the caller is known and allowed
    RouteMatch match = routes.match(request.method(), request.path());
    // the HTTP metrics name the route's template, never the path a caller sent
    Vertx.currentContext()
        .putLocal(
            METRICS_TEMPLATE,
            match.found() ? match.route().path() : family == ApiFamily.NATIVE ? "/api" : "/v2");
    Exchange exchange =
        new Exchange(request, RequestIds.newId(), Instant.now(), System.nanoTime(), family, match);
    run(exchange, 0)
        .recover(failure -> refuse(exchange, failure))
        .compose(done -> completion.complete(exchange))
        .onComplete(
            done -> {
              budget.release(exchange.bodyBytes());
              exchange.done();
              send(context, exchange, done.failed(), drainMillis);
            });
  }

  private Future<Void> run(Exchange exchange, int index) {
    if (index == stages.size() || exchange.answered()) {
      return Future.succeededFuture();
    }
    Future<Void> step;
    try {
      step = stages.get(index).apply(exchange);
    } catch (RuntimeException e) {
      step = Future.failedFuture(e);
    }
    return step.compose(done -> run(exchange, index + 1));
  }

  private static Future<Void> refuse(Exchange exchange, Throwable failure) {
    if (failure instanceof Rejection rejection) {
      exchange.answer(ErrorShapes.of(exchange.family(), rejection, exchange.requestId()));
    } else {
      // the class name only: messages may carry input
      LOG.errorf("Request %s failed: %s", exchange.requestId(), failure.getClass().getSimpleName());
      exchange.answer(
          ErrorShapes.of(
              exchange.family(),
              ProblemType.INTERNAL,
              "An unexpected error occurred",
              exchange.requestId()));
    }
    return Future.succeededFuture();
  }

  private static void send(
      RoutingContext context, Exchange exchange, boolean notRecorded, long drainMillis) {
    HttpServerResponse response = context.response();
    Answer planned = exchange.answer();
    if (response.ended() || response.closed()) {
      discard(planned);
      return;
    }
    Answer answer = notRecorded ? notRecorded(exchange) : planned;
    if (answer != planned) {
      discard(planned);
    }
    HttpServerRequest request = context.request();
    boolean http1 = request.version() != HttpVersion.HTTP_2;
    // a body left unread is still on the wire: an HTTP/1 connection cannot carry another request
    boolean close =
        http1
            && (answer.closesConnection()
                || (exchange.body() == null && Bodies.declared(request) && !request.isEnded()));
    response.setStatusCode(answer.status());
    if (answer.contentType() != null) {
      response.putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType());
    }
    response.putHeader(RequestIds.HEADER, exchange.requestId());
    // no answer of the API is for a cache, and none is to be read as another type than it says
    response.putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
    response.putHeader(NOSNIFF_HEADER, NOSNIFF);
    exchange.answerHeaders().forEach(h -> response.putHeader(h.getKey(), h.getValue()));
    answer.headers().forEach(h -> response.putHeader(h.getKey(), h.getValue()));
    // a body not read (refused before it was, or cut off past its limit) is still arriving
    boolean unread = exchange.body() == null && !request.isEnded();
    if (close) {
      response.putHeader(HttpHeaders.CONNECTION, "close");
    } else if (unread) {
      // lets the end of a bodiless request through, so keep-alive goes on (a streamed body has
      // ended already: HTTP/2 refuses to resume an ended request); the rest is discarded
      request.resume();
    }
    AccessLog.record(exchange, answer.status());
    if (answer.stream() != null) {
      stream(request, response, answer.stream(), close);
      return;
    }
    response
        .end(answer.body())
        .onComplete(
            sent -> {
              if (close) {
                request.connection().close();
              } else if (unread && !http1 && !request.isEnded() && Bodies.declared(request)) {
                // HTTP/2: a client still sending the rest of a body after its answer has the body
                // timeout to end it (some clients read an answer only once they have sent all),
                // then it is asked to stop (RST_STREAM with NO_ERROR, RFC 9113 section 8.1); the
                // connection goes on either way
                long timer =
                    context
                        .vertx()
                        .setTimer(
                            drainMillis,
                            late -> {
                              if (!request.isEnded()) {
                                response.reset(0);
                              }
                            });
                request.endHandler(ended -> context.vertx().cancelTimer(timer));
              }
            });
  }

  /** A streamed answer that will not be sent: its service's request is reset, not left open. */
  private static void discard(Answer answer) {
    if (answer != null
        && answer.stream() instanceof io.vertx.core.http.HttpClientResponse upstream) {
      upstream.request().reset();
    }
  }

  /**
   * Passes a streamed answer on as it arrives, at the pace the caller's connection takes it. If
   * either side fails midway, the caller's answer is reset (a cut-off answer is never taken for a
   * whole one) and the service's request with it.
   */
  private static void stream(
      HttpServerRequest request,
      HttpServerResponse response,
      io.vertx.core.streams.ReadStream<io.vertx.core.buffer.Buffer> body,
      boolean close) {
    if (request.version() != HttpVersion.HTTP_2) {
      response.setChunked(true);
    }
    // never ended on a failure: a cut-off answer must not look whole
    body.pipe()
        .endOnFailure(false)
        .to(response)
        .onComplete(
            piped -> {
              if (piped.failed()) {
                if (body instanceof io.vertx.core.http.HttpClientResponse upstream) {
                  upstream.request().reset();
                }
                response.reset();
              } else if (close) {
                request.connection().close();
              }
            });
  }

  /**
   * The answer when the request's audit record could not be written. If an internal service had
   * already carried out a request that changes something, saying "retry" would invite doing it
   * twice: the caller is told to look first.
   */
  private static Answer notRecorded(Exchange exchange) {
    if (exchange.forwarded() && exchange.route() != null && exchange.route().changesState()) {
      return ErrorShapes.of(
          exchange.family(),
          ProblemType.UNAVAILABLE,
          "The request was carried out but could not be audited; check the resource's state"
              + " before repeating it",
          exchange.requestId());
    }
    return ErrorShapes.of(
            exchange.family(),
            ProblemType.UNAVAILABLE,
            "The request could not be audited, so it was not answered; retry shortly",
            exchange.requestId())
        .header("Retry-After", "1");
  }
}
