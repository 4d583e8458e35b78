package io.medmaas.registry.usage;

import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** A tenant's metered use of models, from its audit records. */
@Path("/internal/tenants/{tenant}/usage")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class UsageResource {

  @Inject UsageMeter meter;

  /** Use between {@code from} and {@code to} (UTC dates, both included; the last 30 days). */
  @GET
  @Permits(Action.USAGE_READ)
  public UsageReport read(
      @PathParam("tenant") String tenant,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    return meter.read(tenant, from, to);
  }
}
