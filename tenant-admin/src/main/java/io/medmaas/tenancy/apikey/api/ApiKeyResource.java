package io.medmaas.tenancy.apikey.api;

import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
import io.medmaas.tenancy.apikey.service.ApiKeyAdministration;
import io.medmaas.tenancy.quota.api.Limits;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** A tenant's API keys: its own admins and the platform's. Another tenant's key is 404. */
@Path("/internal/tenants/{tenant}/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ApiKeyResource {

  @Inject ApiKeyAdministration administration;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Permits(Action.API_KEY_CREATE)
  public Response create(@PathParam("tenant") String tenant, ApiKeyRequest request) {
    return Response.status(Response.Status.CREATED)
        .entity(administration.create(tenant, request))
        .build();
  }

  /** The tenant's keys, newest first: {@code {"items": [...]}}. */
  @GET
  @Permits(Action.API_KEY_LIST)
  public Map<String, List<ApiKeyView>> list(@PathParam("tenant") String tenant) {
    return Map.of("items", administration.list(tenant));
  }

  /** The body is optional (the overlap has a default); the gateway sends it as JSON. */
  @POST
  @Path("/{key}/rotate")
  @Consumes(MediaType.APPLICATION_JSON)
  @Permits(Action.API_KEY_ROTATE)
  public Response rotate(
      @PathParam("tenant") String tenant, @PathParam("key") String key, RotationRequest request) {
    return Response.status(Response.Status.CREATED)
        .entity(administration.rotate(tenant, key, request))
        .build();
  }

  /** Replaces the key's own limits ({@code {}}: none, its tenant's only). */
  @PUT
  @Path("/{key}/limits")
  @Consumes(MediaType.APPLICATION_JSON)
  @Permits(Action.API_KEY_LIMIT)
  public ApiKeyView limit(
      @PathParam("tenant") String tenant, @PathParam("key") String key, Limits limits) {
    return administration.limit(tenant, key, limits);
  }

  @DELETE
  @Path("/{key}")
  @Permits(Action.API_KEY_REVOKE)
  public Response revoke(@PathParam("tenant") String tenant, @PathParam("key") String key) {
    administration.revoke(tenant, key);
    return Response.noContent().build();
  }
}
