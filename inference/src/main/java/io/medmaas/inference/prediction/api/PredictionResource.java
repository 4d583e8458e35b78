package io.medmaas.inference.prediction.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
import io.medmaas.common.caller.Caller;
import io.medmaas.inference.model.ModelCache;
import io.medmaas.inference.model.Requester;
import io.medmaas.inference.prediction.service.PredictionService;
import io.medmaas.inference.registry.ModelVersionInfo;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class PredictionResource {

  /** Header through which the gateway learns the version that served, for its audit record. */
  public static final String VERSION_HEADER = "X-Model-Version";

  /** How many instances the answer holds: what the gateway's audit record and usage count. */
  public static final String INSTANCES_HEADER = "X-Instances";

  @Inject PredictionService predictions;
  @Inject ModelCache cache;
  @Inject Caller caller;

  @GET
  @Path("/metadata")
  @Permits(Action.MODEL_METADATA)
  public ModelMetadata metadata(
      @PathParam("model") String model,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return metadataOf(model, "production", authorization);
  }

  @GET
  @Path("/versions/{version}/metadata")
  @Permits(Action.MODEL_METADATA)
  public ModelMetadata versionMetadata(
      @PathParam("model") String model,
      @PathParam("version") String version,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return metadataOf(model, version, authorization);
  }

  private ModelMetadata metadataOf(String model, String version, String authorization) {
    String bearer = authorization.substring("Bearer ".length());
    ModelVersionInfo info = cache.describe(Requester.of(caller), model, version, bearer);
    return ModelMetadata.of(info, cache.state(info, bearer, false).value());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Path("/predict")
  @Permits(Action.MODEL_PREDICT)
  public Uni<Response> predict(
      @PathParam("model") String model,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      JsonNode body) {
    return respond(model, "production", authorization, body);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Path("/versions/{version}/predict")
  @Permits(Action.MODEL_PREDICT)
  public Uni<Response> predictVersion(
      @PathParam("model") String model,
      @PathParam("version") String version,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      JsonNode body) {
    return respond(model, version, authorization, body);
  }

  /** Runs on the event loop: the service queues the work and answers from the batch worker. */
  private Uni<Response> respond(String model, String version, String authorization, JsonNode body) {
    return predictions
        .predict(
            Requester.of(caller),
            model,
            version,
            body,
            caller.requestId().orElse(null),
            authorization.substring("Bearer ".length()))
        .map(
            response ->
                Response.ok(response)
                    .header(VERSION_HEADER, response.version())
                    .header(INSTANCES_HEADER, response.predictions().size())
                    .build());
  }
}
