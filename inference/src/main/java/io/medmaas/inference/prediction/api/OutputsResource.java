package io.medmaas.inference.prediction.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
import io.medmaas.common.caller.Caller;
import io.medmaas.inference.model.Requester;
import io.medmaas.inference.prediction.service.PredictionService;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * Raw outputs of a pinned version, through the same validation, loading and run path as
 * predictions: the registry scores a validation set with it. Not routed by the gateway.
 */
@Path("/internal/models/{model}/versions/{version}/outputs")
@Authenticated
public class OutputsResource {

  @Inject PredictionService predictions;
  @Inject Caller caller;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Permits(Action.MODEL_OUTPUTS)
  public OutputsResponse outputs(
      @PathParam("model") String model,
      @PathParam("version") String version,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      JsonNode body) {
    return predictions.outputs(
        Requester.of(caller), model, version, body, authorization.substring("Bearer ".length()));
  }
}
