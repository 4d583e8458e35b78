package io.medmaas.gateway.routes;

/** The internal services a route can lead to. */
public enum Upstream {
  REGISTRY,
  INFERENCE,
  TENANT_ADMIN,
  /** Answered by the gateway itself. */
  NONE
}
