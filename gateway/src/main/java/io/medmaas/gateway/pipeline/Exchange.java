package io.medmaas.gateway.pipeline;

import io.medmaas.gateway.routes.Route;
import io.medmaas.gateway.routes.RouteMatch;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;

/**
 * What the gateway learns about one request as it passes the pipeline: its id, the route it
 * matched, the caller (resolved once), the body, and finally its answer. Every stage reads and adds
 * to this one object; the audit record is made from it.
 */
public final class Exchange {

  private final HttpServerRequest request;
  private final String requestId;
  private final Instant receivedAt;
  private final long startNanos;
  private final ApiFamily family;
  private final RouteMatch match;
  private GatewayCaller caller;
  private GatewayCaller refusedCaller;
  private String namedTenant;
  private Buffer body;
  private String inputDigest;
  private String servedVersion;
  private Integer instances;
  private Answer answer;
  private boolean forwarded;
  private long bodyBytes;
  private long bodyLimit;
  private java.util.List<java.util.Map.Entry<String, String>> answerHeaders;
  private java.util.List<Runnable> whenDone;

  public Exchange(
      HttpServerRequest request,
      String requestId,
      Instant receivedAt,
      long startNanos,
      ApiFamily family,
      RouteMatch match) {
    this.request = request;
    this.requestId = requestId;
    this.receivedAt = receivedAt;
    this.startNanos = startNanos;
    this.family = family;
    this.match = match;
  }

  public HttpServerRequest request() {
    return request;
  }

  public String requestId() {
    return requestId;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  public long startNanos() {
    return startNanos;
  }

  public ApiFamily family() {
    return family;
  }

  public RouteMatch match() {
    return match;
  }

  /** The matched route, or null when none matched. */
  public Route route() {
    return match.route();
  }

  /** The authenticated caller, or null before authentication or when it failed. */
  public GatewayCaller caller() {
    return caller;
  }

  public void caller(GatewayCaller value) {
    caller = value;
  }

  /** A verified credential whose identity was refused (unacceptable claims), for the audit. */
  public GatewayCaller refusedCaller() {
    return refusedCaller;
  }

  public void refusedCaller(GatewayCaller value) {
    refusedCaller = value;
  }

  /** The known tenant a refused credential named (a token's issuer), for the audit. */
  public String namedTenant() {
    return namedTenant;
  }

  public void namedTenant(String tenant) {
    namedTenant = tenant;
  }

  /** The request body once read, or null. */
  public Buffer body() {
    return body;
  }

  public void body(Buffer value) {
    body = value;
  }

  public String inputDigest() {
    return inputDigest;
  }

  public void inputDigest(String value) {
    inputDigest = value;
  }

  /** The model version that served the request, as the internal service reported it. */
  public String servedVersion() {
    return servedVersion;
  }

  public void servedVersion(String value) {
    servedVersion = value;
  }

  /** How many instances the prediction's answer held, as inference said; null otherwise. */
  public Integer instances() {
    return instances;
  }

  public void instances(Integer value) {
    instances = value;
  }

  /** Whether an internal service answered the request (it was carried out). */
  public boolean forwarded() {
    return forwarded;
  }

  public void forwarded(boolean value) {
    forwarded = value;
  }

  /** The largest body this request may have, as {@link Limits} decided it for its route. */
  public long bodyLimit() {
    return bodyLimit;
  }

  void bodyLimit(long bytes) {
    bodyLimit = bytes;
  }

  /** Body bytes this request holds of the gateway's {@link BodyBudget}. */
  long bodyBytes() {
    return bodyBytes;
  }

  void holdsBodyBytes(long bytes) {
    bodyBytes += bytes;
  }

  /**
   * A header every answer to this request carries, whatever it is (the quota's state); a second
   * value of one field joins the first as the next member of its list.
   */
  public void answerHeader(String name, String value) {
    if (answerHeaders == null) {
      answerHeaders = new java.util.ArrayList<>(2);
    }
    for (int i = 0; i < answerHeaders.size(); i++) {
      var set = answerHeaders.get(i);
      if (set.getKey().equalsIgnoreCase(name)) { // a list field: one line, its members in order
        answerHeaders.set(i, java.util.Map.entry(set.getKey(), set.getValue() + ", " + value));
        return;
      }
    }
    answerHeaders.add(java.util.Map.entry(name, value));
  }

  java.util.List<java.util.Map.Entry<String, String>> answerHeaders() {
    return answerHeaders == null ? java.util.List.of() : answerHeaders;
  }

  /** Runs {@code action} once the request is done, answered or failed (a slot to give back). */
  public void whenDone(Runnable action) {
    if (whenDone == null) {
      whenDone = new java.util.ArrayList<>(1);
    }
    whenDone.add(action);
  }

  void done() {
    if (whenDone != null) {
      whenDone.forEach(Runnable::run);
      whenDone = null;
    }
  }

  public Answer answer() {
    return answer;
  }

  public boolean answered() {
    return answer != null;
  }

  public void answer(Answer value) {
    answer = value;
  }
}
