package io.medmaas.gateway.api;

import io.medmaas.common.http.PathSegments;
import io.medmaas.gateway.audit.Audited;
import io.medmaas.gateway.upstream.Upstreams;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Entitlements of tenants to platform models, managed by platform administrators in tenant-admin. A
 * change reaches the gateway with its next tenant-list refresh (30 s by default).
 */
@Path("/api/v1/tenants/{tenant}/entitlements/{model}")
@RolesAllowed("platform-admin")
public class EntitlementResource {

  @Inject CallerRequests callers;
  @Inject Upstreams upstreams;

  @PUT
  @Audited("tenant.entitlement.grant")
  @Operation(summary = "Entitle a tenant to a platform model")
  public Uni<Response> grant(@PathParam("tenant") String tenant, @PathParam("model") String model) {
    return forward(HttpMethod.PUT, tenant, model);
  }

  @DELETE
  @Audited("tenant.entitlement.revoke")
  @Operation(summary = "Withdraw a tenant's entitlement to a platform model")
  public Uni<Response> revoke(
      @PathParam("tenant") String tenant, @PathParam("model") String model) {
    return forward(HttpMethod.DELETE, tenant, model);
  }

  private Uni<Response> forward(HttpMethod method, String tenant, String model) {
    return upstreams
        .send(
            method,
            upstreams.tenantAdmin()
                + "/internal/tenants/"
                + PathSegments.encode(tenant)
                + "/entitlements/"
                + PathSegments.encode(model),
            callers.internalToken(),
            callers.requestId(),
            Map.of(),
            null)
        .map(Upstreams::relay);
  }
}
