package io.medmaas.gateway.forward;

import io.medmaas.common.problem.Problem;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.GatewayConfig;
import io.medmaas.gateway.audit.InputDigest;
import io.medmaas.gateway.internal.InternalTokenMinter;
import io.medmaas.gateway.pipeline.Answer;
import io.medmaas.gateway.pipeline.ApiFamily;
import io.medmaas.gateway.pipeline.Bodies;
import io.medmaas.gateway.pipeline.BodyBudget;
import io.medmaas.gateway.pipeline.Exchange;
import io.medmaas.gateway.pipeline.LocalAnswerer;
import io.medmaas.gateway.pipeline.Phase;
import io.medmaas.gateway.pipeline.Stage;
import io.medmaas.gateway.routes.Access;
import io.medmaas.gateway.routes.BodyKind;
import io.medmaas.gateway.routes.Route;
import io.medmaas.gateway.routes.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The last stage: reads the body (within its limits; an upload is streamed through), maps the
 * public route onto its internal one, calls the service with an internal token acting for the
 * caller and the request id, and makes its answer the caller's: status, body, content type and the
 * route's relayed headers. It also notes what the audit record needs from the call: the input's
 * digest, the version that served, the problem type of an error.
 */
@ApplicationScoped
public class Forwarding implements Stage {

  @Inject Vertx vertx;
  @Inject GatewayConfig config;
  @Inject UpstreamClient upstreams;
  @Inject InternalTokenMinter minter;
  @Inject InputDigest digest;
  @Inject BodyBudget budget;
  private Map<String, LocalAnswerer> answerers;

  @Inject
  void answerers(jakarta.enterprise.inject.Instance<LocalAnswerer> all) {
    Map<String, LocalAnswerer> byName = new HashMap<>();
    all.forEach(answerer -> byName.put(answerer.name(), answerer));
    for (Route route : Routes.ALL) {
      if (route.answerer() != null && !byName.containsKey(route.answerer())) {
        throw new IllegalStateException("No local answerer " + route.answerer());
      }
    }
    answerers = Map.copyOf(byName);
  }

  @Override
  public Phase phase() {
    return Phase.FORWARD;
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    Route route = exchange.route();
    if (route.localAnswer() != null) {
      exchange.answer(
          new Answer(200, "application/json", Buffer.buffer(route.localAnswer()), null));
      return Future.succeededFuture();
    }
    if (route.answerer() != null) {
      return answerers
          .get(route.answerer())
          .answer(exchange)
          .map(
              answer -> {
                exchange.answer(answer);
                return null;
              });
    }
    HttpServerRequest request = exchange.request();
    InputDigest.Running running =
        route.digestBody()
            ? digest.start(exchange.caller() == null ? null : exchange.caller().tenant())
            : null;
    Consumer<Buffer> chunks = running == null ? chunk -> {} : running::update;
    if (route.body().streamed() && Bodies.declared(request)) {
      return upstreams.stream(
              route.upstream(),
              request.method(),
              target(route, exchange),
              internalToken(route, exchange),
              exchange.requestId(),
              headers(route, request, true),
              request.getHeader(HttpHeaders.CONTENT_LENGTH),
              upstream ->
                  Bodies.pipe(
                          vertx,
                          exchange,
                          exchange.bodyLimit(),
                          config.limits().bodyTimeout().toMillis(),
                          chunks,
                          upstream)
                      .onSuccess(done -> digested(exchange, running)))
          .map(reply -> relayed(route, exchange, reply));
    }
    Future<Buffer> body =
        route.body() != BodyKind.NONE && Bodies.declared(request)
            ? Bodies.read(
                vertx,
                exchange,
                exchange.bodyLimit(),
                config.limits().bodyTimeout().toMillis(),
                budget,
                chunks)
            : Future.succeededFuture(route.body() == BodyKind.NONE ? null : Buffer.buffer());
    return body.compose(
        content -> {
          exchange.body(content);
          digested(exchange, running);
          return upstreams
              .send(
                  route.upstream(),
                  request.method(),
                  target(route, exchange),
                  internalToken(route, exchange),
                  exchange.requestId(),
                  headers(route, request, content != null),
                  content,
                  route.streamsAnswer())
              .map(reply -> relayed(route, exchange, reply));
        });
  }

  private String internalToken(Route route, Exchange exchange) {
    return route.access() == Access.PUBLIC
        ? null
        : minter.forCaller(exchange.caller(), route.upstream(), route.onward());
  }

  private static void digested(Exchange exchange, InputDigest.Running running) {
    if (running != null) {
      exchange.inputDigest(running.finish());
    }
  }

  private static Void relayed(Route route, Exchange exchange, UpstreamClient.Reply reply) {
    exchange.forwarded(true);
    exchange.answer(relay(route, exchange, reply));
    return null;
  }

  /** The internal path: the route's target with its (already validated) parameters, the query. */
  private static String target(Route route, Exchange exchange) {
    String path = route.target();
    for (Map.Entry<String, String> param : exchange.match().params().entrySet()) {
      path = path.replace("{" + param.getKey() + "}", param.getValue());
    }
    StringBuilder query = new StringBuilder();
    for (String name : route.query()) {
      String value = exchange.request().getParam(name);
      if (value != null) {
        query.append(query.isEmpty() ? '?' : '&').append(name).append('=');
        query.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
    return path + query;
  }

  private static Map<String, String> headers(
      Route route, HttpServerRequest request, boolean withBody) {
    Map<String, String> headers = new HashMap<>(4);
    if (withBody) {
      String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
      headers.put(HttpHeaders.CONTENT_TYPE.toString(), type == null ? "application/json" : type);
    }
    for (String name : route.forwardedHeaders()) {
      String value = request.getHeader(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    return headers;
  }

  private static Answer relay(Route route, Exchange exchange, UpstreamClient.Reply reply) {
    String contentType = reply.headers().get(HttpHeaders.CONTENT_TYPE);
    Answer answer =
        reply.stream() != null
            ? new Answer(reply.status(), contentType, reply.stream())
            : new Answer(
                reply.status(),
                contentType,
                reply.body(),
                reply.status() >= 400 ? problemType(exchange.family(), reply, contentType) : null);
    String retryAfter = reply.headers().get(Routes.RETRY_AFTER);
    if (retryAfter != null) {
      answer.header(Routes.RETRY_AFTER, retryAfter);
    }
    for (String name : route.relayedHeaders()) {
      String value = reply.headers().get(name);
      if (value != null) {
        answer.header(name, value);
      }
    }
    String version = reply.headers().get(Routes.MODEL_VERSION);
    if (version != null) {
      exchange.servedVersion(version);
    }
    String instances = reply.headers().get(Routes.INSTANCES);
    if (instances != null && instances.matches("[0-9]{1,7}")) {
      exchange.instances(Integer.parseInt(instances));
    }
    return answer;
  }

  /** The problem type of a service's error answer, for the audit record. */
  private static String problemType(
      ApiFamily family, UpstreamClient.Reply reply, String contentType) {
    if (family == ApiFamily.NATIVE
        && contentType != null
        && contentType.startsWith(Problem.MEDIA_TYPE)) {
      try {
        String type = new JsonObject(reply.body()).getString("type");
        if (type != null && type.startsWith(Problem.TYPE_BASE)) {
          return type.substring(Problem.TYPE_BASE.length());
        }
      } catch (RuntimeException e) {
        // not a readable problem: fall back to the status
      }
    }
    return ProblemType.ofStatus(reply.status()).slug();
  }
}
