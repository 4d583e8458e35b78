package io.medmaas.gateway.routes;

/** Who may call a route. */
public enum Access {
  /** Anyone, without a credential; not audited (server metadata and health). */
  PUBLIC,
  /** Any authenticated caller. */
  AUTHENTICATED,
  /**
   * Any authenticated caller, asking the gateway only about itself (who it is): answered by the
   * gateway, not audited and not metered, as it reads nothing the platform holds.
   */
  SELF,
  /** A caller holding one of the route's roles. */
  ROLES
}
