package io.medmaas.registry.model.api;

import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
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

/** Artifacts by content address, for inference; reachable only with an internal token. */
@Path("/internal/artifacts")
@Authenticated
public class ArtifactResource {

  @Inject ModelCatalog catalog;
  @Inject Caller caller;

  @GET
  @Path("/{sha256}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @Permits(Action.MODEL_LOAD)
  public Response artifact(@PathParam("sha256") String sha256) {
    byte[] content = catalog.artifact(caller.requireTenant(), sha256);
    return Response.ok(content).header("X-Artifact-Sha256", sha256).build();
  }
}
