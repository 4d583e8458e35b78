package io.medmaas.inference.oip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
import io.medmaas.common.caller.Caller;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.inference.InferenceConfig;
import io.medmaas.inference.batching.Batcher;
import io.medmaas.inference.engine.LoadedModel;
import io.medmaas.inference.engine.Signature;
import io.medmaas.inference.engine.Signature.Port;
import io.medmaas.inference.engine.Tensor;
import io.medmaas.inference.model.ModelCache;
import io.medmaas.inference.model.Requester;
import io.medmaas.inference.model.ServingState;
import io.medmaas.inference.prediction.api.PredictionResource;
import io.medmaas.inference.registry.ModelVersionInfo;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Open Inference Protocol v2 (KServe / Triton REST): server and model metadata, health and
 * readiness, and inference with JSON tensors or the binary tensor data extension. Errors are {@code
 * {"error": "..."}}. The gateway routes {@code /v2/models/...} here with the caller's internal
 * token.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class OipResource {

  static final String SERVER_NAME = "medmaas";
  static final String SERVER_VERSION = "0.1.0";
  static final List<String> EXTENSIONS = List.of("binary_tensor_data");

  @Inject ModelCache cache;
  @Inject Caller caller;
  @Inject ObjectMapper json;
  @Inject InferenceConfig config;

  @GET
  @PermitAll
  public Map<String, Object> server() {
    return Map.of("name", SERVER_NAME, "version", SERVER_VERSION, "extensions", EXTENSIONS);
  }

  @GET
  @Path("/health/live")
  @PermitAll
  public Map<String, Object> live() {
    return Map.of("live", true);
  }

  @GET
  @Path("/health/ready")
  @PermitAll
  public Map<String, Object> ready() {
    return Map.of("ready", true);
  }

  @GET
  @Path("/models/{model}")
  @Authenticated
  @Permits(Action.MODEL_METADATA)
  public Response metadata(
      @PathParam("model") String model, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
    return answer(() -> metadataOf(model, "production", auth));
  }

  @GET
  @Path("/models/{model}/versions/{version}")
  @Authenticated
  @Permits(Action.MODEL_METADATA)
  public Response versionMetadata(
      @PathParam("model") String model,
      @PathParam("version") String version,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
    return answer(() -> metadataOf(model, version, auth));
  }

  @GET
  @Path("/models/{model}/ready")
  @Authenticated
  @Permits(Action.MODEL_READY)
  public Response modelReady(
      @PathParam("model") String model, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
    return answer(() -> readiness(model, "production", auth));
  }

  @GET
  @Path("/models/{model}/versions/{version}/ready")
  @Authenticated
  @Permits(Action.MODEL_READY)
  public Response versionReady(
      @PathParam("model") String model,
      @PathParam("version") String version,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
    return answer(() -> readiness(model, version, auth));
  }

  @POST
  @Path("/models/{model}/infer")
  @Authenticated
  @Permits(Action.MODEL_PREDICT)
  public Response infer(
      @PathParam("model") String model,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
      @HeaderParam(InferCodec.HEADER_LENGTH) String headerLength,
      byte[] body) {
    return answer(() -> run(model, "production", auth, headerLength, body));
  }

  @POST
  @Path("/models/{model}/versions/{version}/infer")
  @Authenticated
  @Permits(Action.MODEL_PREDICT)
  public Response inferVersion(
      @PathParam("model") String model,
      @PathParam("version") String version,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
      @HeaderParam(InferCodec.HEADER_LENGTH) String headerLength,
      byte[] body) {
    return answer(() -> run(model, version, auth, headerLength, body));
  }

  private ModelVersionInfo describe(String model, String version, String auth) {
    return cache.describe(Requester.of(caller), model, version, bearer(auth));
  }

  private Response metadataOf(String model, String version, String auth) {
    ModelVersionInfo info = describe(model, version, auth);
    Signature signature =
        Signature.recorded(info.signature())
            .orElseGet(
                () -> cache.get(Requester.of(caller), model, version, bearer(auth)).signature());
    ObjectNode body = json.createObjectNode();
    body.put("name", info.model());
    body.putArray("versions").add(info.version());
    body.put("platform", "onnxruntime_onnx");
    ports(body.putArray("inputs"), signature.inputs());
    ports(body.putArray("outputs"), signature.outputs());
    return Response.ok(body).build();
  }

  private static void ports(ArrayNode array, List<Port> ports) {
    for (Port port : ports) {
      ObjectNode node = array.addObject();
      node.put("name", port.name());
      node.put("datatype", port.datatype());
      ArrayNode shape = node.putArray("shape");
      for (long dim : port.shape()) {
        shape.add(dim);
      }
    }
  }

  /**
   * The batch size of a request: the first dimension of its first input, as validated against the
   * model's signature (what the tenant sent, not what a model chose to answer).
   */
  private static long instances(List<Tensor> inputs) {
    if (inputs.isEmpty() || inputs.get(0).shape().length == 0) {
      return 1;
    }
    return Math.max(0, inputs.get(0).shape()[0]);
  }

  /** 200 when ready; 400 otherwise (the spec's "false"), and a load is started. */
  private Response readiness(String model, String version, String auth) {
    ModelVersionInfo info = describe(model, version, auth);
    boolean ready = cache.state(info, bearer(auth), true) == ServingState.READY;
    return Response.status(ready ? 200 : 400)
        .entity(Map.of("name", info.model(), "ready", ready))
        .build();
  }

  private Response run(
      String model, String version, String auth, String headerLength, byte[] body) {
    Requester who = Requester.of(caller);
    for (int attempt = 0; ; attempt++) {
      LoadedModel loaded = cache.get(who, model, version, bearer(auth));
      InferCodec codec = new InferCodec(json);
      InferRequest request =
          codec.decode(
              body == null ? new byte[0] : body,
              headerLength,
              loaded.signature(),
              config.inference().maxInstances());
      if (!request.inputs().isEmpty()
          && request.inputs().get(0).shape().length > 0
          && who.overBatch(request.inputs().get(0).shape()[0])) {
        throw new OipError(
            429,
            "Your organisation's batch limit is "
                + who.maxBatch()
                + " instances a request; send fewer at a time");
      }
      loaded
          .family()
          .ifPresent(
              family -> {
                for (Tensor input : request.inputs()) {
                  family
                      .checkRows(input)
                      .ifPresent(
                          problem -> {
                            throw OipError.badRequest("Input '" + input.name() + "': " + problem);
                          });
                }
              });
      List<Tensor> outputs;
      try {
        outputs = Tensor.requireFinite(loaded.run(who.tenant(), request.inputs()));
      } catch (Batcher.Retired retired) {
        if (attempt == 0) {
          continue;
        }
        throw retired.asProblem();
      }
      InferCodec.Encoded encoded =
          codec.encode(loaded.name(), loaded.version(), request, loaded.signature(), outputs);
      Response.ResponseBuilder response =
          Response.ok(encoded.body())
              .header(PredictionResource.VERSION_HEADER, loaded.version())
              .header(PredictionResource.INSTANCES_HEADER, instances(request.inputs()));
      if (encoded.headerLength() != null) {
        response
            .type(MediaType.APPLICATION_OCTET_STREAM)
            .header(InferCodec.HEADER_LENGTH, encoded.headerLength());
      } else {
        response.type(MediaType.APPLICATION_JSON);
      }
      return response.build();
    }
  }

  /** Runs {@code work}, rendering failures as the protocol's error object. */
  private Response answer(Supplier<Response> work) {
    try {
      return work.get();
    } catch (OipError e) {
      return error(e.status(), e.getMessage(), null);
    } catch (ProblemException e) {
      return error(e.type().status(), e.getMessage(), e.retryAfterSeconds());
    }
  }

  private static Response error(int status, String message, Integer retryAfter) {
    Response.ResponseBuilder response =
        Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message));
    if (retryAfter != null) {
      response.header(HttpHeaders.RETRY_AFTER, retryAfter);
    }
    return response.build();
  }

  private static String bearer(String authorization) {
    return authorization.substring("Bearer ".length());
  }
}
