package io.medmaas.gateway.pipeline;

/**
 * The order in which every request passes the gateway's stages, written down once. Each phase is
 * one {@link Stage}; the audit record is written after the last one ({@link Completion}), before
 * the answer leaves.
 */
public enum Phase {
  /** Request id, the route, URI and body limits, content type and encoding. */
  LIMITS,
  /** Verify the credential and resolve the caller (tenant, subject, roles, entitlements). */
  AUTHENTICATE,
  /** The route's roles. */
  AUTHORIZE,
  /**
   * The tenant's request rate and concurrent requests (its quota), before anything is forwarded.
   */
  QUOTA,
  /** Whether the request's audit record can be written now; if not, it is not carried out. */
  ADMIT,
  /** Read the body, forward to the internal service, relay its answer. */
  FORWARD
}
