package io.medmaas.tenancy.tenant.api;

import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
import io.medmaas.common.caller.Caller;
import io.medmaas.common.caller.InternalToken;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.tenancy.tenant.service.TenantDirectory;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The tenant list the gateway resolves token issuers against. */
@Path("/internal/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class InternalTenantResource {

  @Inject TenantDirectory directory;

  @Inject Caller caller;

  @GET
  @Permits(Action.TENANT_DIRECTORY)
  public List<TenantView> all() {
    return directory.all();
  }

  /** Entitles a tenant to a platform model (platform administrators only). */
  @PUT
  @Path("/{tenant}/entitlements/{model}")
  @Permits(Action.ENTITLEMENT_GRANT)
  public Response grant(@PathParam("tenant") String tenant, @PathParam("model") String model) {
    requirePlatform();
    directory.grant(tenant, model);
    return Response.noContent().build();
  }

  /** Withdraws an entitlement (platform administrators only). */
  @DELETE
  @Path("/{tenant}/entitlements/{model}")
  @Permits(Action.ENTITLEMENT_REVOKE)
  public Response revoke(@PathParam("tenant") String tenant, @PathParam("model") String model) {
    requirePlatform();
    if (!directory.revoke(tenant, model)) {
      throw ProblemException.notFound("Entitlement");
    }
    return Response.noContent().build();
  }

  /** A hospital's own admins are not platform administrators, whatever their role is named. */
  private void requirePlatform() {
    if (!InternalToken.PLATFORM_TENANT.equals(caller.requireTenant())) {
      throw new ProblemException(
          ProblemType.FORBIDDEN, "Only platform administrators manage entitlements");
    }
  }
}
