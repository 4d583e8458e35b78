package io.medmaas.launcher;

import java.util.List;

/**
 * The database login roles of the platform, one per service and purpose, none a superuser (ADR
 * 0011). Each service's schema is owned by an owner role that only its migrations use; the service
 * runs as an app role that owns nothing, so row-level security binds it and there is nothing to
 * {@code RESET}. Inference listens for events as a role with no table rights at all.
 */
public final class DatabaseRoles {

  /** Owns schema {@code registry}; the registry's Flyway migrations run as it. */
  public static final String REGISTRY_OWNER = "medmaas_registry_owner";

  /** The registry at run time: the rights its migrations grant, under row-level security. */
  public static final String REGISTRY_APP = "medmaas_registry_app";

  /** Owns schema {@code tenancy}; tenant-admin's Flyway migrations run as it. */
  public static final String TENANCY_OWNER = "medmaas_tenancy_owner";

  /** Tenant-admin at run time. */
  public static final String TENANCY_APP = "medmaas_tenancy_app";

  /** Inference's LISTEN connection: connects, listens, reads no table. */
  public static final String EVENTS = "medmaas_events";

  /** The gateway: a member of {@link #AUDIT_WRITER}, so it can append access records only. */
  public static final String GATEWAY = "medmaas_gateway";

  /** The group role the registry's migrations grant INSERT on the audit table to. */
  public static final String AUDIT_WRITER = "medmaas_audit_writer";

  /** Every login role. */
  public static final List<String> LOGINS =
      List.of(REGISTRY_OWNER, REGISTRY_APP, TENANCY_OWNER, TENANCY_APP, EVENTS, GATEWAY);

  /** The schema each owner role owns. */
  static final List<List<String>> OWNED_SCHEMAS =
      List.of(List.of("registry", REGISTRY_OWNER), List.of("tenancy", TENANCY_OWNER));

  private DatabaseRoles() {}
}
