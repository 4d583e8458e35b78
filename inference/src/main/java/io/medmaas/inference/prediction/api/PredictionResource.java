package io.medmaas.inference.prediction.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.common.caller.Caller;
import io.medmaas.inference.prediction.service.PredictionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Native JSON predictions, called by the gateway with an internal token. */
@Path("/internal/models/{model}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"clinician", "clinical-system"})
public class PredictionResource {

  /** Header through which the gateway learns the version that served, for its audit record. */
  public static final String VERSION_HEADER = "X-Model-Version";

  @Inject PredictionService predictions;
  @Inject Caller caller;

  @POST
  @Path("/predict")
  public Response predict(
      @PathParam("model") String model,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      JsonNode body) {
    return respond(model, "production", authorization, body);
  }

  @POST
  @Path("/versions/{version}/predict")
  public Response predictVersion(
      @PathParam("model") String model,
      @PathParam("version") String version,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      JsonNode body) {
    return respond(model, version, authorization, body);
  }

  private Response respond(String model, String version, String authorization, JsonNode body) {
    PredictionResponse response =
        predictions.predict(
            caller.requireTenant(),
            model,
            version,
            body,
            caller.requestId().orElse(null),
            authorization.substring("Bearer ".length()));
    return Response.ok(response).header(VERSION_HEADER, response.version()).build();
  }
}
