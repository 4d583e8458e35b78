package io.medmaas.gateway.forward;

import io.medmaas.common.caller.RequestIds;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.GatewayConfig;
import io.medmaas.gateway.pipeline.Rejection;
import io.medmaas.gateway.routes.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * HTTP/1.1 calls to the internal services over pooled keep-alive connections, each with the
 * internal token and the request id; a body is sent whole or streamed as it arrives. A service that
 * cannot be reached is 503 for the caller, one that does not answer in time 504.
 */
@ApplicationScoped
public class UpstreamClient {

  private static final Logger LOG = Logger.getLogger(UpstreamClient.class);

  /** The longest a streamed answer may stand still (a caller reading slowly) before it is cut. */
  static final long STREAM_IDLE_MILLIS = 600_000;

  /**
   * An internal service's answer: its body read whole, or, when it was asked for as a stream and
   * succeeded, {@code stream} (paused, {@code body} null) to pass on as it arrives.
   */
  public record Reply(int status, MultiMap headers, Buffer body, HttpClientResponse stream) {}

  record Base(String host, int port, String path) {}

  @Inject Vertx vertx;
  @Inject GatewayConfig config;

  private HttpClient client;
  private final Map<Upstream, List<Base>> bases = new EnumMap<>(Upstream.class);

  /** Each service's own turn, so that calls to one do not skew the spread over another's. */
  private final Map<Upstream, AtomicInteger> turns = new EnumMap<>(Upstream.class);

  @PostConstruct
  void init() {
    client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(64)
                .setConnectTimeout(3000)
                .setPipelining(false));
    bases.put(Upstream.REGISTRY, List.of(base(config.upstream().registryUrl())));
    bases.put(Upstream.INFERENCE, instances(config.upstream().inferenceUrl()));
    bases.put(Upstream.TENANT_ADMIN, List.of(base(config.upstream().tenantAdminUrl())));
    bases.keySet().forEach(upstream -> turns.put(upstream, new AtomicInteger()));
  }

  /** One base per comma-separated URL: the instances of a service. */
  static List<Base> instances(String urls) {
    List<Base> instances = new ArrayList<>();
    for (String url : urls.split(",")) {
      if (!url.isBlank()) {
        instances.add(base(url.trim()));
      }
    }
    if (instances.isEmpty()) {
      throw new IllegalArgumentException("no upstream URL");
    }
    return List.copyOf(instances);
  }

  private static Base base(String url) {
    URI uri = URI.create(url);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return new Base(
        uri.getHost(),
        uri.getPort() > 0 ? uri.getPort() : 80,
        path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
  }

  /**
   * Sends a request ({@code pathAndQuery} from the service's root) and collects the answer.
   *
   * @param internalToken null for the services' public endpoints
   * @param headers further headers that travel with the body
   */
  public Future<Reply> send(
      Upstream upstream,
      HttpMethod method,
      String pathAndQuery,
      String internalToken,
      String requestId,
      Map<String, String> headers,
      Buffer body) {
    return send(upstream, method, pathAndQuery, internalToken, requestId, headers, body, false);
  }

  /**
   * As {@link #send(Upstream, HttpMethod, String, String, String, Map, Buffer)}; with {@code
   * streamAnswer}, a successful answer's body is left unread in {@link Reply#stream()}.
   */
  public Future<Reply> send(
      Upstream upstream,
      HttpMethod method,
      String pathAndQuery,
      String internalToken,
      String requestId,
      Map<String, String> headers,
      Buffer body,
      boolean streamAnswer) {
    return call(
        upstream,
        method,
        pathAndQuery,
        internalToken,
        requestId,
        headers,
        request -> body == null ? request.send() : request.send(body),
        streamAnswer);
  }

  /**
   * Sends a request whose body {@code writer} writes as it arrives (and ends), and collects the
   * answer. When {@code writer} fails (the caller's body broke a limit), the internal request is
   * reset, so the service never takes a partial body, and its {@link Rejection} is the answer.
   *
   * @param length the body's length when the caller declared it, or null to send it chunked
   */
  public Future<Reply> stream(
      Upstream upstream,
      HttpMethod method,
      String pathAndQuery,
      String internalToken,
      String requestId,
      Map<String, String> headers,
      String length,
      Function<HttpClientRequest, Future<Void>> writer) {
    return call(
        upstream,
        method,
        pathAndQuery,
        internalToken,
        requestId,
        headers,
        request -> {
          if (length != null) {
            request.putHeader(HttpHeaders.CONTENT_LENGTH, length);
          } else {
            request.setChunked(true);
          }
          Promise<HttpClientResponse> answer = Promise.promise();
          Future<Void> written =
              writer
                  .apply(request)
                  .onFailure(
                      refused -> {
                        request.reset(0, refused);
                        answer.tryFail(refused);
                      });
          request
              .response()
              .onComplete(
                  response -> {
                    if (response.succeeded()) {
                      answer.tryComplete(response.result());
                    } else {
                      // the caller's body broke a limit, or the service failed: what the body
                      // did decides if it is known within a second; else the service's failure
                      written.onComplete(
                          body ->
                              answer.tryFail(
                                  body.failed() && body.cause() instanceof Rejection
                                      ? body.cause()
                                      : response.cause()));
                      vertx.setTimer(1000, late -> answer.tryFail(response.cause()));
                    }
                  });
          return answer.future();
        },
        false);
  }

  /**
   * A request to the instance {@code tried} places after {@code first}, or, when it cannot be
   * connected, to the next: no byte was sent, so another instance may take it whatever it is.
   */
  private Future<HttpClientRequest> connect(
      Upstream upstream,
      List<Base> instances,
      int first,
      int tried,
      HttpMethod method,
      String pathAndQuery) {
    Base base = instances.get((first + tried) % instances.size());
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setHost(base.host)
            .setPort(base.port)
            .setURI(base.path + pathAndQuery)
            .setIdleTimeout(config.upstream().timeout().toMillis());
    Future<HttpClientRequest> request = client.request(options);
    if (tried + 1 >= instances.size()) {
      return request;
    }
    return request.recover(
        unreachable -> {
          LOG.warnf(
              "%s at %s:%d could not be connected (%s); trying the next instance",
              upstream, base.host, base.port, unreachable.getClass().getSimpleName());
          return connect(upstream, instances, first, tried + 1, method, pathAndQuery);
        });
  }

  private Future<Reply> call(
      Upstream upstream,
      HttpMethod method,
      String pathAndQuery,
      String internalToken,
      String requestId,
      Map<String, String> headers,
      Function<HttpClientRequest, Future<HttpClientResponse>> exchange,
      boolean streamAnswer) {
    List<Base> instances = bases.get(upstream);
    int first = Math.floorMod(turns.get(upstream).getAndIncrement(), instances.size());
    return connect(upstream, instances, first, 0, method, pathAndQuery)
        .compose(
            request -> {
              request.putHeader(RequestIds.HEADER, requestId);
              if (internalToken != null) {
                request.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + internalToken);
              }
              headers.forEach(request::putHeader);
              return exchange.apply(request);
            })
        .compose(
            response -> {
              if (streamAnswer && response.statusCode() >= 200 && response.statusCode() < 300) {
                response.pause(); // the caller's connection takes it as fast as it can
                // a slow reader keeps the service's side quiet: the usual idle limit would cut it
                response.request().idleTimeout(STREAM_IDLE_MILLIS);
                return Future.succeededFuture(
                    new Reply(response.statusCode(), response.headers(), null, response));
              }
              return response
                  .body()
                  .map(b -> new Reply(response.statusCode(), response.headers(), b, null));
            })
        .recover(
            e -> {
              if (e instanceof Rejection refusedBody) {
                return Future.failedFuture(refusedBody);
              }
              boolean late = e instanceof TimeoutException;
              LOG.warnf("Upstream %s failed: %s", upstream, e.getClass().getSimpleName());
              return Future.failedFuture(
                  late
                      ? new Rejection(
                          ProblemType.TIMEOUT, "An internal service did not answer in time")
                      : new Rejection(
                              ProblemType.UNAVAILABLE,
                              "An internal service is unavailable; retry shortly")
                          .with("Retry-After", "1"));
            });
  }
}
