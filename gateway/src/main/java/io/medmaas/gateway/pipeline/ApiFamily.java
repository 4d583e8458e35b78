package io.medmaas.gateway.pipeline;

/** The gateway's two API families; each has its own error shape (see {@link ErrorShapes}). */
public enum ApiFamily {
  /** {@code /api/...}: errors are RFC 9457 problem+json. */
  NATIVE,
  /** {@code /v2...}: the Open Inference Protocol, whose errors are {@code {"error": "..."}}. */
  OPEN_INFERENCE;

  /** The family a request path belongs to, or null when the gateway's pipeline does not own it. */
  public static ApiFamily of(String path) {
    if (path.equals("/api") || path.startsWith("/api/")) {
      return NATIVE;
    }
    if (path.equals("/v2") || path.startsWith("/v2/")) {
      return OPEN_INFERENCE;
    }
    return null;
  }
}
