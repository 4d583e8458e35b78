package io.medmaas.tenancy.tenant.api;

import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
import io.medmaas.common.http.Pages;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.tenancy.tenant.service.TenantAdministration;
import io.medmaas.tenancy.tenant.service.TenantScope;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Hospitals as the platform's administrators run them: onboard, read, change, suspend, reactivate,
 * delete. A hospital's admins may read their own tenant only.
 */
@Path("/internal/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class TenantResource {

  @Inject TenantAdministration administration;
  @Inject TenantScope scope;

  @GET
  @Permits(Action.TENANT_LIST)
  public TenantPage list(
      @QueryParam("page") @DefaultValue("0") String page,
      @QueryParam("size") @DefaultValue("50") String size) {
    scope.requirePlatform();
    return administration.list(Pages.number("page", page), Pages.number("size", size));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Permits(Action.TENANT_CREATE)
  public Response create(TenantRequest request) {
    scope.requirePlatform();
    TenantView created = administration.create(required(request));
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  @GET
  @Path("/{tenant}")
  @Permits(Action.TENANT_READ)
  public TenantView read(@PathParam("tenant") String tenant) {
    return administration.read(tenant);
  }

  @PATCH
  @Path("/{tenant}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Permits(Action.TENANT_UPDATE)
  public TenantView update(@PathParam("tenant") String tenant, TenantRequest patch) {
    scope.requirePlatform();
    return administration.update(tenant, required(patch));
  }

  @POST
  @Path("/{tenant}/suspend")
  @Permits(Action.TENANT_SUSPEND)
  public TenantView suspend(@PathParam("tenant") String tenant) {
    scope.requirePlatform();
    return administration.suspend(tenant);
  }

  @POST
  @Path("/{tenant}/reactivate")
  @Permits(Action.TENANT_REACTIVATE)
  public TenantView reactivate(@PathParam("tenant") String tenant) {
    scope.requirePlatform();
    return administration.reactivate(tenant);
  }

  @DELETE
  @Path("/{tenant}")
  @Permits(Action.TENANT_DELETE)
  public TenantView delete(@PathParam("tenant") String tenant) {
    scope.requirePlatform();
    return administration.delete(tenant);
  }

  private static TenantRequest required(TenantRequest request) {
    if (request == null) {
      throw new ProblemException(ProblemType.INVALID_INPUT, "A JSON object is required");
    }
    return request;
  }
}
