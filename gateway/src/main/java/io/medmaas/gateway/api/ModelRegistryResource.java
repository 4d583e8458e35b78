package io.medmaas.gateway.api;

import io.medmaas.common.http.PathSegments;
import io.medmaas.gateway.audit.AuditContext;
import io.medmaas.gateway.audit.Audited;
import io.medmaas.gateway.audit.InputDigest;
import io.medmaas.gateway.upstream.Upstreams;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The model registry: browse models and versions, publish, promote, roll back. */
@Path("/api/v1/models")
public class ModelRegistryResource {

  private static final String[] ARTIFACT_HEADERS = {"X-Artifact-Sha256", "Content-Disposition"};

  @Inject CallerRequests callers;
  @Inject Upstreams upstreams;
  @Inject AuditContext audit;
  @Inject InputDigest digest;

  @GET
  @Authenticated
  @Audited("model.list")
  @Operation(summary = "Models the caller's tenant may see (own and platform), paged")
  public Uni<Response> list(
      @QueryParam("owner") @DefaultValue("any") String owner,
      @QueryParam("q") @DefaultValue("") String q,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size) {
    return get(
        "",
        Map.of(
            "owner",
            owner,
            "q",
            q,
            "page",
            Integer.toString(page),
            "size",
            Integer.toString(size)));
  }

  @GET
  @Path("/{model}")
  @Authenticated
  @Audited("model.read")
  @Operation(summary = "A model with its aliases and versions")
  public Uni<Response> model(@PathParam("model") String model) {
    return get("/" + PathSegments.encode(model), Map.of());
  }

  @GET
  @Path("/{model}/versions")
  @Authenticated
  @Audited("model.read")
  public Uni<Response> versions(@PathParam("model") String model) {
    return get("/" + PathSegments.encode(model) + "/versions", Map.of());
  }

  @GET
  @Path("/{model}/versions/{version}")
  @Authenticated
  @Audited("model.read")
  @Operation(summary = "A version (number or alias: production, staging) with digest and card")
  public Uni<Response> version(
      @PathParam("model") String model, @PathParam("version") String version) {
    audit.modelVersion(version);
    return get(
        "/" + PathSegments.encode(model) + "/versions/" + PathSegments.encode(version), Map.of());
  }

  @GET
  @Path("/{model}/versions/{version}/card")
  @Authenticated
  @Audited("model.read")
  public Uni<Response> card(
      @PathParam("model") String model, @PathParam("version") String version) {
    audit.modelVersion(version);
    return get(
        "/" + PathSegments.encode(model) + "/versions/" + PathSegments.encode(version) + "/card",
        Map.of());
  }

  @GET
  @Path("/{model}/versions/{version}/artifact")
  @Authenticated
  @Audited("model.download")
  @Operation(summary = "The ONNX file; its SHA-256 is in X-Artifact-Sha256")
  public Uni<Response> artifact(
      @PathParam("model") String model, @PathParam("version") String version) {
    audit.modelVersion(version);
    return forward(
            HttpMethod.GET,
            "/"
                + PathSegments.encode(model)
                + "/versions/"
                + PathSegments.encode(version)
                + "/artifact",
            Map.of(),
            null,
            null)
        .map(r -> Upstreams.relay(r, ARTIFACT_HEADERS));
  }

  @POST
  @Path("/{model}/versions")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @RolesAllowed({"model-publisher", "platform-admin"})
  @Audited("model.version.upload")
  @Operation(summary = "Upload a version: multipart fields model (ONNX), card (JSON), validation")
  public Uni<Response> upload(
      @PathParam("model") String model,
      @HeaderParam("Content-Type") String contentType,
      byte[] body) {
    audit.inputDigest(digest.of(body));
    return forward(
            HttpMethod.POST,
            "/" + PathSegments.encode(model) + "/versions",
            Map.of(),
            body,
            contentType)
        .map(Upstreams::relay);
  }

  @POST
  @Path("/{model}/versions/{version}/stage")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({"model-publisher", "hospital-admin", "platform-admin"})
  @Audited("model.version.stage")
  @Operation(summary = "Move a version to staging, production or archived")
  public Uni<Response> stage(
      @PathParam("model") String model, @PathParam("version") String version, byte[] body) {
    audit.modelVersion(version);
    return forward(
            HttpMethod.POST,
            "/"
                + PathSegments.encode(model)
                + "/versions/"
                + PathSegments.encode(version)
                + "/stage",
            Map.of(),
            body,
            MediaType.APPLICATION_JSON)
        .map(Upstreams::relay);
  }

  @POST
  @Path("/{model}/versions/{version}/verify")
  @RolesAllowed({"model-publisher", "hospital-admin", "platform-admin"})
  @Audited("model.version.verify")
  @Operation(summary = "Score the attached validation set again and check the card's metrics")
  public Uni<Response> verify(
      @PathParam("model") String model, @PathParam("version") String version) {
    audit.modelVersion(version);
    return forward(
            HttpMethod.POST,
            "/"
                + PathSegments.encode(model)
                + "/versions/"
                + PathSegments.encode(version)
                + "/verify",
            Map.of(),
            null,
            null)
        .map(Upstreams::relay);
  }

  @POST
  @Path("/{model}/rollback")
  @RolesAllowed({"model-publisher", "hospital-admin", "platform-admin"})
  @Audited("model.rollback")
  @Operation(summary = "Restore the previous production version")
  public Uni<Response> rollback(@PathParam("model") String model) {
    return forward(
            HttpMethod.POST, "/" + PathSegments.encode(model) + "/rollback", Map.of(), null, null)
        .map(Upstreams::relay);
  }

  private Uni<Response> get(String path, Map<String, String> query) {
    return forward(HttpMethod.GET, path, query, null, null).map(Upstreams::relay);
  }

  private Uni<io.vertx.mutiny.ext.web.client.HttpResponse<io.vertx.mutiny.core.buffer.Buffer>>
      forward(HttpMethod method, String path, Map<String, String> query, byte[] body, String type) {
    return upstreams.send(
        method,
        upstreams.registry() + "/internal/models" + path,
        callers.internalToken(),
        callers.requestId(),
        query,
        body,
        type);
  }
}
