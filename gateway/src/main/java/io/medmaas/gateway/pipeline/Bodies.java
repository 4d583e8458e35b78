package io.medmaas.gateway.pipeline;

import io.medmaas.common.problem.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.function.Consumer;

/**
 * Reading request bodies within limits. The pipeline pauses every request as it arrives, so that no
 * byte of a body is read before the caller is authenticated and authorized; a body is then read
 * whole, up to its route's size limit (a chunked body that grows past it is cut off with 413),
 * within a time limit (a body that trickles in is cut off with 408) and within the gateway's {@link
 * BodyBudget} (503 past it). Each chunk is shown to {@code chunks} as it arrives (the input
 * digest), so nothing walks the whole body again on the event loop.
 */
public final class Bodies {

  private Bodies() {}

  /** Whether the request says it has a body. */
  public static boolean declared(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      return !length.trim().equals("0");
    }
    return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
  }

  /** Reads the whole body; fails with a {@link Rejection} past a limit. */
  public static Future<Buffer> read(
      Vertx vertx,
      Exchange exchange,
      long max,
      long timeoutMillis,
      BodyBudget budget,
      Consumer<Buffer> chunks) {
    HttpServerRequest request = exchange.request();
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    long timer =
        vertx.setTimer(
            timeoutMillis,
            id ->
                promise.tryFail(
                    new Rejection(
                            ProblemType.REQUEST_TIMEOUT, "The request body did not arrive in time")
                        .closingConnection()));
    request.handler(
        chunk -> {
          if (promise.future().isComplete()) {
            return;
          }
          if (body.length() + chunk.length() > max) {
            request.pause();
            promise.tryFail(
                new Rejection(
                        ProblemType.CONTENT_TOO_LARGE,
                        "The request body is larger than the limit of " + max + " bytes")
                    .closingConnection());
          } else if (!budget.take(chunk.length())) {
            request.pause();
            promise.tryFail(
                new Rejection(
                        ProblemType.UNAVAILABLE,
                        "The gateway holds too many request bodies now; retry shortly")
                    .with("Retry-After", "1")
                    .closingConnection());
          } else {
            exchange.holdsBodyBytes(chunk.length());
            chunks.accept(chunk);
            body.appendBuffer(chunk);
          }
        });
    request.exceptionHandler(promise::tryFail);
    request.endHandler(end -> promise.tryComplete(body));
    if (request.version() != HttpVersion.HTTP_1_0
        && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
      request.response().writeContinue();
    }
    request.resume();
    return promise.future().onComplete(done -> vertx.cancelTimer(timer));
  }
}
