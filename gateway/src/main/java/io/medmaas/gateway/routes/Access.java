package io.medmaas.gateway.routes;

/** Who may call a route. */
public enum Access {
  /** Anyone, without a credential; not audited (server metadata and health). */
  PUBLIC,
  /** Any authenticated caller. */
  AUTHENTICATED,
  /** A caller holding one of the route's roles. */
  ROLES
}
