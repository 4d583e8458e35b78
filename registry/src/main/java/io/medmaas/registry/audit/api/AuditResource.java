package io.medmaas.registry.audit.api;

import io.medmaas.common.audit.AuditRecord;
import io.medmaas.common.caller.Caller;
import io.medmaas.common.caller.InternalToken;
import io.medmaas.registry.audit.service.AuditLog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** The audit log: the gateway appends, auditors of a tenant read their own tenant's records. */
@Path("/internal/audit-events")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

  @Inject AuditLog log;
  @Inject Caller caller;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(InternalToken.GATEWAY_ROLE)
  public Response append(AuditRecord record) {
    return Response.status(Response.Status.CREATED).entity(log.append(record)).build();
  }

  /**
   * Appends several records in one transaction (the gateway's group commit): all are durable when
   * this answers 201, or none is written.
   */
  @POST
  @Path("/batch")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(InternalToken.GATEWAY_ROLE)
  public Response appendAll(List<AuditRecord> records) {
    return Response.status(Response.Status.CREATED)
        .entity(Map.of("appended", log.appendAll(records)))
        .build();
  }

  @GET
  @RolesAllowed({"auditor", "hospital-admin"})
  public AuditPage list(
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size) {
    return log.page(caller.requireTenant(), page, size);
  }
}
