package io.medmaas.common.problem;

/** The one table that maps every kind of failure to its HTTP status and stable problem type. */
public enum ProblemType {
  MALFORMED_REQUEST("malformed-request", "Malformed request", 400),
  INVALID_INPUT("invalid-input", "Invalid input", 400),
  UNAUTHENTICATED("unauthenticated", "Authentication required", 401),
  FORBIDDEN("forbidden", "Not allowed", 403),
  NOT_FOUND("not-found", "Not found", 404),
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
  NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
  REQUEST_TIMEOUT("request-timeout", "Request timeout", 408),
  CONFLICT("conflict", "Conflict", 409),
  CONTENT_TOO_LARGE("content-too-large", "Content too large", 413),
  URI_TOO_LONG("uri-too-long", "URI too long", 414),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
  UNPROCESSABLE("unprocessable", "Unprocessable content", 422),
  TOO_MANY_REQUESTS("too-many-requests", "Too many requests", 429),
  QUOTA_EXCEEDED("quota-exceeded", "Quota exceeded", 429),
  INTERNAL("internal-error", "Internal error", 500),
  NOT_IMPLEMENTED("not-implemented", "Not implemented", 501),
  BAD_GATEWAY("upstream-failure", "Upstream service failed", 502),
  UNAVAILABLE("unavailable", "Service unavailable", 503),
  TIMEOUT("upstream-timeout", "Upstream service timed out", 504);

  private final String slug;
  private final String title;
  private final int status;

  ProblemType(String slug, String title, int status) {
    this.slug = slug;
    this.title = title;
    this.status = status;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public int status() {
    return status;
  }

  /** The first type with this status (for recording an answer another service gave). */
  public static ProblemType ofStatus(int status) {
    for (ProblemType type : values()) {
      if (type.status == status) {
        return type;
      }
    }
    return forStatus(status);
  }

  /** The type that a bare HTTP status stands for, for errors raised by the framework. */
  public static ProblemType forStatus(int status) {
    for (ProblemType type : values()) {
      if (type.status == status && type != INVALID_INPUT && type != UNPROCESSABLE) {
        return type;
      }
    }
    return status >= 500 ? INTERNAL : MALFORMED_REQUEST;
  }
}
