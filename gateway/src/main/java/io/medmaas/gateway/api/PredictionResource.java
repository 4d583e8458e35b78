package io.medmaas.gateway.api;

import io.medmaas.common.http.PathSegments;
import io.medmaas.gateway.audit.AuditContext;
import io.medmaas.gateway.audit.Audited;
import io.medmaas.gateway.audit.InputDigest;
import io.medmaas.gateway.upstream.Upstreams;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Predictions: authenticated, role-checked, forwarded to inference, audited. */
@Path("/api/v1/models")
@RolesAllowed({"clinician", "clinical-system"})
public class PredictionResource {

  private static final String VERSION_HEADER = "X-Model-Version";

  @Inject CallerRequests callers;
  @Inject Upstreams upstreams;
  @Inject AuditContext audit;
  @Inject InputDigest digest;

  @POST
  @Path("/{model}/predict")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Audited("model.predict")
  @Operation(summary = "Predict with the model's production version")
  public Uni<Response> predict(@PathParam("model") String model, byte[] body) {
    return forward("/internal/models/" + PathSegments.encode(model) + "/predict", body);
  }

  @POST
  @Path("/{model}/versions/{version}/predict")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Audited("model.predict")
  @Operation(summary = "Predict with one pinned version of the model")
  public Uni<Response> predictVersion(
      @PathParam("model") String model, @PathParam("version") String version, byte[] body) {
    audit.modelVersion(version);
    return forward(
        "/internal/models/"
            + PathSegments.encode(model)
            + "/versions/"
            + PathSegments.encode(version)
            + "/predict",
        body);
  }

  @GET
  @Path("/{model}/metadata")
  @Produces(MediaType.APPLICATION_JSON)
  @Audited("model.metadata")
  @Operation(summary = "Signature, card summary and serving state of the production version")
  public Uni<Response> metadata(@PathParam("model") String model) {
    return metadataOf("/internal/models/" + PathSegments.encode(model) + "/metadata");
  }

  @GET
  @Path("/{model}/versions/{version}/metadata")
  @Produces(MediaType.APPLICATION_JSON)
  @Audited("model.metadata")
  @Operation(summary = "Signature, card summary and serving state of one version")
  public Uni<Response> versionMetadata(
      @PathParam("model") String model, @PathParam("version") String version) {
    audit.modelVersion(version);
    return metadataOf(
        "/internal/models/"
            + PathSegments.encode(model)
            + "/versions/"
            + PathSegments.encode(version)
            + "/metadata");
  }

  private Uni<Response> metadataOf(String path) {
    return upstreams
        .getFromInference(path, callers.internalToken(), callers.requestId())
        .map(Upstreams::relay);
  }

  private Uni<Response> forward(String path, byte[] body) {
    audit.inputDigest(digest.of(body));
    return upstreams
        .send(
            HttpMethod.POST,
            upstreams.inference() + path,
            callers.internalToken(),
            callers.requestId(),
            Map.of(),
            body)
        .map(
            response -> {
              String version = response.getHeader(VERSION_HEADER);
              if (version != null) {
                audit.modelVersion(version);
              }
              return Upstreams.relay(response, VERSION_HEADER, HttpHeaders.RETRY_AFTER);
            });
  }
}
