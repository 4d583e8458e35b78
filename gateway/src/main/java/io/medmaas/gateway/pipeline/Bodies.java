package io.medmaas.gateway.pipeline;

import io.medmaas.common.problem.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.WriteStream;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reading request bodies within limits. The pipeline pauses every request as it arrives, so that no
 * byte of a body is read before the caller is authenticated and authorized; a body is then read up
 * to its route's size limit (a chunked body that grows past it is cut off with 413) and within a
 * time limit (a body that trickles in is cut off with 408). A body is either {@link #read read}
 * whole, within the gateway's {@link BodyBudget} (503 past it), or {@link #pipe piped} to an
 * internal service as it arrives (uploads), so that the gateway holds no more of it than the
 * connection's write queue. Each chunk is shown to {@code chunks} as it arrives (the input digest),
 * so nothing walks the whole body again on the event loop.
 */
public final class Bodies {

  private Bodies() {}

  /**
   * Whether the request has a body: a Content-Length above 0, a Transfer-Encoding, or, over HTTP/2
   * (which needs neither), a Content-Type on a stream not known to have ended. (A paused HTTP/2
   * request is not seen to end until it is resumed, so the end of the stream alone cannot tell a
   * bodiless request from one whose body follows; a body is sent with its type.)
   */
  public static boolean declared(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      return !length.trim().equals("0");
    }
    if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
      return true;
    }
    return request.version() == HttpVersion.HTTP_2
        && !request.isEnded()
        && request.getHeader(HttpHeaders.CONTENT_TYPE) != null;
  }

  /** Reads the whole body; fails with a {@link Rejection} past a limit. */
  public static Future<Buffer> read(
      Vertx vertx,
      Exchange exchange,
      long max,
      long timeoutMillis,
      BodyBudget budget,
      Consumer<Buffer> chunks) {
    Buffer body = Buffer.buffer();
    return consume(
            vertx,
            exchange,
            max,
            timeoutMillis,
            chunks,
            chunk -> {
              if (!budget.take(chunk.length())) {
                return new Rejection(
                        ProblemType.UNAVAILABLE,
                        "The gateway holds too many request bodies now; retry shortly")
                    .with("Retry-After", "1")
                    .closingConnection();
              }
              exchange.holdsBodyBytes(chunk.length());
              body.appendBuffer(chunk);
              return null;
            },
            () -> {})
        .map(done -> body);
  }

  /**
   * Writes the body to {@code target} as it arrives, reading no faster than {@code target} takes
   * it, and ends {@code target} after the last byte. Fails with a {@link Rejection} past a limit,
   * leaving {@code target} unended for the caller to abort.
   */
  public static Future<Void> pipe(
      Vertx vertx,
      Exchange exchange,
      long max,
      long timeoutMillis,
      Consumer<Buffer> chunks,
      WriteStream<Buffer> target) {
    HttpServerRequest request = exchange.request();
    // a target that failed (the service went away) takes no more: reading goes on, so the body's
    // own limits still decide, and nothing waits for a drain that will never come
    boolean[] broken = {false};
    target.exceptionHandler(
        failed -> {
          broken[0] = true;
          request.resume();
        });
    return consume(
        vertx,
        exchange,
        max,
        timeoutMillis,
        chunks,
        chunk -> {
          if (broken[0]) {
            return null;
          }
          target.write(chunk);
          if (target.writeQueueFull()) {
            request.pause();
            target.drainHandler(drained -> request.resume());
          }
          return null;
        },
        () -> {
          if (!broken[0]) {
            target.end();
          }
        });
  }

  /**
   * Reads the body chunk by chunk: each chunk within the size limit goes to {@code chunks}, then to
   * {@code sink}, which may refuse it with a {@link Rejection}; {@code end} runs after the last.
   */
  private static Future<Void> consume(
      Vertx vertx,
      Exchange exchange,
      long max,
      long timeoutMillis,
      Consumer<Buffer> chunks,
      Function<Buffer, Rejection> sink,
      Runnable end) {
    HttpServerRequest request = exchange.request();
    Promise<Void> promise = Promise.promise();
    long[] received = {0};
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
          Rejection refused =
              received[0] + chunk.length() > max
                  ? new Rejection(
                          ProblemType.CONTENT_TOO_LARGE,
                          "The request body is larger than the limit of " + max + " bytes")
                      .closingConnection()
                  : null;
          if (refused == null) {
            received[0] += chunk.length();
            chunks.accept(chunk);
            refused = sink.apply(chunk);
          }
          if (refused != null) {
            request.pause();
            promise.tryFail(refused);
          }
        });
    request.exceptionHandler(promise::tryFail);
    request.endHandler(
        done -> {
          if (!promise.future().isComplete()) {
            end.run();
            promise.tryComplete();
          }
        });
    if (request.version() != HttpVersion.HTTP_1_0
        && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
      request.response().writeContinue();
    }
    request.resume();
    return promise.future().onComplete(done -> vertx.cancelTimer(timer));
  }
}
