package io.medmaas.tenancy.tenant.api;

import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
import io.medmaas.common.caller.RequestIds;
import io.medmaas.tenancy.tenant.service.EntitlementAdministration;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** A tenant's entitlements to platform models. */
@Path("/internal/tenants/{tenant}/entitlements")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class EntitlementResource {

  @Inject EntitlementAdministration entitlements;

  /** The models the tenant is entitled to: {@code {"models": [...]}}. */
  @GET
  @Permits(Action.ENTITLEMENT_LIST)
  public Map<String, List<String>> list(@PathParam("tenant") String tenant) {
    return Map.of("models", entitlements.list(tenant));
  }

  /** Entitles a tenant to a platform model that exists (platform administrators only). */
  @PUT
  @Path("/{model}")
  @Permits(Action.ENTITLEMENT_GRANT)
  public Response grant(
      @PathParam("tenant") String tenant,
      @PathParam("model") String model,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam(RequestIds.HEADER) String requestId) {
    entitlements.grant(tenant, model, authorization.substring("Bearer ".length()), requestId);
    return Response.noContent().build();
  }

  /** Withdraws an entitlement (platform administrators only). */
  @DELETE
  @Path("/{model}")
  @Permits(Action.ENTITLEMENT_REVOKE)
  public Response revoke(@PathParam("tenant") String tenant, @PathParam("model") String model) {
    entitlements.revoke(tenant, model);
    return Response.noContent().build();
  }
}
