package io.medmaas.registry.model.api;

import io.medmaas.common.caller.Caller;
import io.medmaas.registry.model.service.ModelCatalog;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Model look-ups for the other services; reachable only with an internal token. */
@Path("/internal")
@Authenticated
public class InternalModelResource {

  @Inject ModelCatalog catalog;
  @Inject Caller caller;

  /** A version by number, or by alias ({@code production}, {@code staging}). */
  @GET
  @Path("/models/{model}/versions/{version}")
  @Produces(MediaType.APPLICATION_JSON)
  public ModelVersionView version(
      @PathParam("model") String model, @PathParam("version") String version) {
    return catalog.resolve(caller.requireTenant(), model, version);
  }

  @GET
  @Path("/artifacts/{sha256}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  public Response artifact(@PathParam("sha256") String sha256) {
    byte[] content = catalog.artifact(caller.requireTenant(), sha256);
    return Response.ok(content).header("X-Artifact-Sha256", sha256).build();
  }
}
