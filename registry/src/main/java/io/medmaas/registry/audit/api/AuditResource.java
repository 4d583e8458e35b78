package io.medmaas.registry.audit.api;

import io.medmaas.common.caller.Caller;
import io.medmaas.registry.audit.service.AuditLog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The audit log, read by a tenant's auditors and hospital admins (their own tenant's records). It
 * is appended to by the gateway directly, through an INSERT-only database role (ADR 0008), never
 * over HTTP.
 */
@Path("/internal/audit-events")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

  @Inject AuditLog log;
  @Inject Caller caller;

  @GET
  @RolesAllowed({"auditor", "hospital-admin"})
  public AuditPage list(
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size) {
    return log.page(caller.requireTenant(), page, size);
  }
}
