package io.medmaas.gateway.api;

import io.medmaas.gateway.audit.Audited;
import io.medmaas.gateway.upstream.Upstreams;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The caller's own tenant's audit records, for auditors and hospital admins. */
@Path("/api/v1/audit-events")
public class AuditEventsResource {

  @Inject CallerRequests callers;
  @Inject Upstreams upstreams;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({"auditor", "hospital-admin"})
  @Audited("audit.read")
  @Operation(summary = "The caller's tenant's audit records, newest first, paged")
  public Uni<Response> list(
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size) {
    return upstreams
        .send(
            HttpMethod.GET,
            upstreams.registry() + "/internal/audit-events",
            callers.internalToken(),
            callers.requestId(),
            Map.of("page", Integer.toString(page), "size", Integer.toString(size)),
            null)
        .map(Upstreams::relay);
  }
}
