package io.medmaas.gateway.pipeline;

import io.medmaas.common.problem.ProblemType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stage's refusal: the request is answered at once with this problem, in its API family's shape.
 * The detail is the platform's own words: never a value the caller sent.
 */
public final class Rejection extends RuntimeException {

  private final ProblemType type;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private boolean closeConnection;

  public Rejection(ProblemType type, String detail) {
    super(detail, null, false, false);
    this.type = type;
  }

  /** A header that goes with the answer ({@code WWW-Authenticate}, {@code Retry-After}...). */
  public Rejection with(String header, String value) {
    headers.put(header, value);
    return this;
  }

  /** The request's body is left unread, so its connection cannot be reused. */
  public Rejection closingConnection() {
    closeConnection = true;
    return this;
  }

  public ProblemType type() {
    return type;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public boolean closesConnection() {
    return closeConnection;
  }
}
