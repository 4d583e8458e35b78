package io.medmaas.gateway.routes;

/** What body a route takes, checked against the request's Content-Type before it is read. */
public enum BodyKind {
  /** No body is read. */
  NONE,
  /** {@code application/json}. */
  JSON,
  /** {@code multipart/form-data} (uploads). */
  MULTIPART,
  /** Any type, passed on as sent (the Open Inference Protocol's JSON and binary tensors). */
  ANY
}
