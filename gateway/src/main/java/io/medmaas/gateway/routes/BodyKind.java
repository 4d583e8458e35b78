package io.medmaas.gateway.routes;

/** What body a route takes, checked against the request's Content-Type before it is read. */
public enum BodyKind {
  /** No body is read. */
  NONE,
  /** {@code application/json}. */
  JSON,
  /** {@code multipart/form-data} (uploads). */
  MULTIPART,
  /**
   * The Open Inference Protocol's bodies, passed on as sent: {@code application/json}, or {@code
   * application/octet-stream} for its binary tensor extension (a JSON header, then the tensors).
   */
  TENSORS;

  /**
   * Whether the body is passed to the internal service as it arrives rather than read whole first:
   * uploads, which may be as large as the gateway's own limit, so that the gateway never holds one.
   */
  public boolean streamed() {
    return this == MULTIPART;
  }
}
