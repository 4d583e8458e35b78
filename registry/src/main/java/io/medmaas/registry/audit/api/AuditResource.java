package io.medmaas.registry.audit.api;

import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
import io.medmaas.common.caller.Caller;
import io.medmaas.common.http.Pages;
import io.medmaas.registry.audit.service.AuditLog;
import io.quarkus.security.Authenticated;
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
@Authenticated
public class AuditResource {

  @Inject AuditLog log;
  @Inject Caller caller;

  @GET
  @Permits(Action.AUDIT_READ)
  public AuditPage list(
      @QueryParam("page") @DefaultValue("0") String page,
      @QueryParam("size") @DefaultValue("50") String size) {
    return log.page(caller.requireTenant(), Pages.number("page", page), Pages.number("size", size));
  }
}
