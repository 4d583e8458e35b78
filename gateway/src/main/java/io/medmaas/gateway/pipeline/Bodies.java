package io.medmaas.gateway.pipeline;

import io.medmaas.common.problem.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reading request bodies within limits. The pipeline pauses every request as it arrives, so that no
 * byte of a body is read before the caller is authenticated and authorized; a body is then read
 * whole, up to a size limit (a chunked body that grows past it is cut off with 413) and within a
 * time limit (a body that trickles in is cut off with 408).
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

  /**
   * Reads the whole body; fails with a {@link Rejection} past {@code max} bytes or the deadline.
   */
  public static Future<Buffer> read(
      Vertx vertx, HttpServerRequest request, long max, long timeoutMillis) {
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
          if (body.length() + chunk.length() > max) {
            request.pause();
            promise.tryFail(
                new Rejection(
                        ProblemType.CONTENT_TOO_LARGE,
                        "The request body is larger than the limit of " + max + " bytes")
                    .closingConnection());
          } else {
            body.appendBuffer(chunk);
          }
        });
    request.exceptionHandler(e -> promise.tryFail(e));
    request.endHandler(end -> promise.tryComplete(body));
    request.resume();
    return promise.future().onComplete(done -> vertx.cancelTimer(timer));
  }
}
