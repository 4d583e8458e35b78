package io.medmaas.tenancy.apikey.api;

import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
import io.medmaas.tenancy.apikey.service.ApiKeyDirectory;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;

/** API keys as the gateway checks them (the gateway's own token only). */
@Path("/internal/directory/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ApiKeyDirectoryResource {

  @Inject ApiKeyDirectory directory;

  @GET
  @Path("/{key}")
  @Permits(Action.API_KEY_DIRECTORY)
  public DirectoryKey lookup(@PathParam("key") String key) {
    return directory.lookup(key);
  }

  /** When keys were last used: {@code {"<key id>": "<instant>", ...}}. */
  @POST
  @Path("/last-used")
  @Consumes(MediaType.APPLICATION_JSON)
  @Permits(Action.API_KEY_DIRECTORY)
  public Response used(Map<String, Instant> lastUsed) {
    if (lastUsed != null) {
      directory.used(lastUsed);
    }
    return Response.noContent().build();
  }
}
