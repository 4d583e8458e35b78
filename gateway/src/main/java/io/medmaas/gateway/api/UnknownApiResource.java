package io.medmaas.gateway.api;

import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.audit.Audited;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Any other path under /api: a problem+json 404 (and an audit record), never a bare page. */
@Path("/api/{path: .*}")
public class UnknownApiResource {

  @GET
  @Audited("api.unknown")
  @Operation(hidden = true)
  public void get() {
    throw notFound();
  }

  @POST
  @Audited("api.unknown")
  @Operation(hidden = true)
  public void post() {
    throw notFound();
  }

  @PUT
  @Audited("api.unknown")
  @Operation(hidden = true)
  public void put() {
    throw notFound();
  }

  @PATCH
  @Audited("api.unknown")
  @Operation(hidden = true)
  public void patch() {
    throw notFound();
  }

  @DELETE
  @Audited("api.unknown")
  @Operation(hidden = true)
  public void delete() {
    throw notFound();
  }

  private static ProblemException notFound() {
    return new ProblemException(ProblemType.NOT_FOUND, "No such API resource");
  }
}
