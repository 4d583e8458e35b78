package io.medmaas.gateway.api;

import io.medmaas.common.http.PathSegments;
import io.medmaas.gateway.audit.AuditContext;
import io.medmaas.gateway.audit.Audited;
import io.medmaas.gateway.audit.InputDigest;
import io.medmaas.gateway.upstream.Upstreams;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Open Inference Protocol v2 (KServe / Triton REST) at the front door: server metadata and health
 * are public; model metadata, readiness and inference need a clinician or clinical-system token (or
 * an API key once those exist) and are forwarded to inference, which answers in the protocol's
 * terms. Inference requests are audited like native predictions.
 */
@Path("/v2")
public class OpenInferenceResource {

  static final String HEADER_LENGTH = "Inference-Header-Content-Length";
  private static final String VERSION_HEADER = "X-Model-Version";
  private static final String[] RELAYED = {HEADER_LENGTH, VERSION_HEADER, HttpHeaders.RETRY_AFTER};

  @Inject CallerRequests callers;
  @Inject Upstreams upstreams;
  @Inject AuditContext audit;
  @Inject InputDigest digest;

  @GET
  @PermitAll
  @Operation(summary = "Open Inference Protocol server metadata and extensions")
  public Uni<Response> server() {
    return unauthenticated("/v2");
  }

  @GET
  @Path("/health/live")
  @PermitAll
  @Operation(summary = "The gateway is live")
  public Map<String, Object> live() {
    return Map.of("live", true);
  }

  @GET
  @Path("/health/ready")
  @PermitAll
  @Operation(summary = "The gateway and the inference service are ready")
  public Uni<Response> ready() {
    return unauthenticated("/v2/health/ready");
  }

  @GET
  @Path("/models/{model}")
  @RolesAllowed({"clinician", "clinical-system"})
  @Audited("model.metadata")
  @Operation(summary = "Model metadata (production version) in protocol terms")
  public Uni<Response> metadata(@PathParam("model") String model) {
    return get(modelPath(model, null));
  }

  @GET
  @Path("/models/{model}/versions/{version}")
  @RolesAllowed({"clinician", "clinical-system"})
  @Audited("model.metadata")
  @Operation(summary = "Model version metadata in protocol terms")
  public Uni<Response> versionMetadata(
      @PathParam("model") String model, @PathParam("version") String version) {
    audit.modelVersion(version);
    return get(modelPath(model, version));
  }

  @GET
  @Path("/models/{model}/ready")
  @RolesAllowed({"clinician", "clinical-system"})
  @Audited("model.ready")
  @Operation(summary = "Whether the production version is loaded and warm (200) or not (400)")
  public Uni<Response> ready(@PathParam("model") String model) {
    return get(modelPath(model, null) + "/ready");
  }

  @GET
  @Path("/models/{model}/versions/{version}/ready")
  @RolesAllowed({"clinician", "clinical-system"})
  @Audited("model.ready")
  @Operation(summary = "Whether a version is loaded and warm (200) or not (400)")
  public Uni<Response> versionReady(
      @PathParam("model") String model, @PathParam("version") String version) {
    return get(modelPath(model, version) + "/ready");
  }

  @POST
  @Path("/models/{model}/infer")
  @RolesAllowed({"clinician", "clinical-system"})
  @Audited("model.predict")
  @Operation(summary = "Inference with the production version (JSON or binary tensors)")
  public Uni<Response> infer(
      @PathParam("model") String model,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(HEADER_LENGTH) String headerLength,
      byte[] body) {
    return post(modelPath(model, null) + "/infer", contentType, headerLength, body);
  }

  @POST
  @Path("/models/{model}/versions/{version}/infer")
  @RolesAllowed({"clinician", "clinical-system"})
  @Audited("model.predict")
  @Operation(summary = "Inference with a pinned version (JSON or binary tensors)")
  public Uni<Response> inferVersion(
      @PathParam("model") String model,
      @PathParam("version") String version,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(HEADER_LENGTH) String headerLength,
      byte[] body) {
    audit.modelVersion(version);
    return post(modelPath(model, version) + "/infer", contentType, headerLength, body);
  }

  private static String modelPath(String model, String version) {
    String path = "/v2/models/" + PathSegments.encode(model);
    return version == null ? path : path + "/versions/" + PathSegments.encode(version);
  }

  private Uni<Response> unauthenticated(String path) {
    return upstreams.getFromInference(path, null, callers.requestId()).map(Upstreams::relay);
  }

  private Uni<Response> get(String path) {
    return upstreams
        .getFromInference(path, callers.internalToken(), callers.requestId())
        .map(this::relay);
  }

  private Uni<Response> post(String path, String contentType, String headerLength, byte[] body) {
    audit.inputDigest(digest.of(body));
    Map<String, String> headers = new HashMap<>();
    if (headerLength != null) {
      headers.put(HEADER_LENGTH, headerLength);
    }
    return upstreams
        .send(
            HttpMethod.POST,
            upstreams.inference() + path,
            callers.internalToken(),
            callers.requestId(),
            Map.of(),
            body == null ? new byte[0] : body,
            contentType == null ? "application/json" : contentType,
            headers)
        .map(this::relay);
  }

  private Response relay(HttpResponse<Buffer> response) {
    String version = response.getHeader(VERSION_HEADER);
    if (version != null) {
      audit.modelVersion(version);
    }
    return Upstreams.relay(response, RELAYED);
  }
}
