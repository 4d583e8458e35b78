package io.medmaas.tenancy.quota.api;

import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
import io.medmaas.tenancy.quota.service.Quotas;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A tenant's quota: its plan, overrides and effective limits. */
@Path("/internal/tenants/{tenant}/quota")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class QuotaResource {

  @Inject Quotas quotas;

  @GET
  @Permits(Action.QUOTA_READ)
  public QuotaView read(@PathParam("tenant") String tenant) {
    return quotas.read(tenant);
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Permits(Action.QUOTA_UPDATE)
  public QuotaView change(@PathParam("tenant") String tenant, QuotaRequest request) {
    return quotas.change(tenant, request);
  }
}
