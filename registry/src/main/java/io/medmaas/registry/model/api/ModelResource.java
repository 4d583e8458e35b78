package io.medmaas.registry.model.api;

import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
import io.medmaas.common.caller.Caller;
import io.medmaas.common.http.Pages;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.registry.model.service.ModelCatalog;
import io.medmaas.registry.model.service.ModelLifecycle;
import io.medmaas.registry.model.service.ModelRemoval;
import io.medmaas.registry.model.store.Stage;
import io.medmaas.registry.upload.UploadCheck;
import io.medmaas.registry.verification.MetricVerifier;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The model registry API (reached through the gateway's /api/v1/models). */
@Path("/internal/models")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ModelResource {

  @Inject ModelCatalog catalog;
  @Inject ModelLifecycle lifecycle;
  @Inject ModelRemoval removal;
  @Inject UploadCheck uploads;
  @Inject MetricVerifier verifier;
  @Inject Caller caller;

  @GET
  @Permits(Action.MODEL_LIST)
  public PageView<ModelSummary> list(
      @QueryParam("owner") @DefaultValue("any") String owner,
      @QueryParam("q") @DefaultValue("") String q,
      @QueryParam("page") @DefaultValue("0") String page,
      @QueryParam("size") @DefaultValue("50") String size) {
    return catalog.list(
        caller.requireTenant(), owner, q, Pages.number("page", page), Pages.number("size", size));
  }

  @GET
  @Path("/{model}")
  @Permits(Action.MODEL_READ)
  public ModelDetail detail(@PathParam("model") String model) {
    return catalog.detail(caller.requireTenant(), model);
  }

  @GET
  @Path("/{model}/versions")
  @Permits(Action.MODEL_READ)
  public java.util.List<VersionSummary> versions(@PathParam("model") String model) {
    return catalog.detail(caller.requireTenant(), model).versions();
  }

  /** A version by number, or by alias ({@code production}, {@code staging}). */
  @GET
  @Path("/{model}/versions/{version}")
  @Permits(Action.MODEL_READ)
  public ModelVersionView version(
      @PathParam("model") String model, @PathParam("version") String version) {
    return catalog.resolve(caller.requireTenant(), model, version);
  }

  @GET
  @Path("/{model}/versions/{version}/card")
  @Permits(Action.MODEL_READ)
  public Object card(@PathParam("model") String model, @PathParam("version") String version) {
    return catalog.resolve(caller.requireTenant(), model, version).card();
  }

  @GET
  @Path("/{model}/versions/{version}/artifact")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @Permits(Action.MODEL_DOWNLOAD)
  public Response artifact(@PathParam("model") String model, @PathParam("version") String version) {
    String tenant = caller.requireTenant();
    ModelVersionView resolved = catalog.resolve(tenant, model, version);
    if (!resolved.owner().equals(tenant)) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "Only the owner's publishers and admins may download a model's weights");
    }
    String sha256 = resolved.sha256();
    return Response.ok(catalog.artifact(tenant, sha256))
        .header("X-Artifact-Sha256", sha256)
        .header(
            "Content-Disposition", "attachment; filename=\"" + model + "-" + version + ".onnx\"")
        .build();
  }

  @POST
  @Path("/{model}/versions")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Permits(Action.MODEL_UPLOAD)
  public Response upload(
      @PathParam("model") String model,
      @RestForm("model") FileUpload onnx,
      @RestForm("card") String card,
      @RestForm("validation") FileUpload validation,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    ModelLifecycle.checkName(model);
    UploadCheck.CheckedUpload checked =
        uploads.check(
            bytes(onnx),
            card,
            bytes(validation),
            validation == null ? null : validation.contentType());
    ModelVersionView created = lifecycle.upload(caller, model, checked);
    verifier.verifyAfterUpload(
        created.owner(), model, created.version(), authorization.substring(7));
    return Response.status(Response.Status.CREATED)
        .entity(catalog.resolve(caller.requireTenant(), model, created.version()))
        .build();
  }

  @POST
  @Path("/{model}/versions/{version}/stage")
  @Consumes(MediaType.APPLICATION_JSON)
  @Permits(Action.MODEL_STAGE)
  public ModelVersionView changeStage(
      @PathParam("model") String model, @PathParam("version") String version, StageChange change) {
    return lifecycle.changeStage(caller, model, version, stage(change), change);
  }

  /** Scores the version's attached validation set again and records the result. */
  @POST
  @Path("/{model}/versions/{version}/verify")
  @Permits(Action.MODEL_VERIFY)
  public ModelVersionView verify(
      @PathParam("model") String model,
      @PathParam("version") String version,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    String tenant = caller.requireTenant();
    ModelVersionView current = catalog.resolve(tenant, model, version);
    if (!current.owner().equals(tenant)) {
      throw new ProblemException(ProblemType.FORBIDDEN, "Only the owner of a model can verify it");
    }
    verifier.verify(tenant, model, current.version(), authorization.substring(7));
    return catalog.resolve(tenant, model, current.version());
  }

  /** Deletes a draft version (the owner's admins); a version that served is archived instead. */
  @DELETE
  @Path("/{model}/versions/{version}")
  @Permits(Action.MODEL_DELETE)
  public Response deleteVersion(
      @PathParam("model") String model, @PathParam("version") String version) {
    removal.deleteVersion(caller, model, version);
    return Response.noContent().build();
  }

  /** Deletes a model that never reached production, with all its versions (the owner's admins). */
  @DELETE
  @Path("/{model}")
  @Permits(Action.MODEL_DELETE)
  public Response deleteModel(@PathParam("model") String model) {
    removal.deleteModel(caller, model);
    return Response.noContent().build();
  }

  @POST
  @Path("/{model}/rollback")
  @Permits(Action.MODEL_ROLLBACK)
  public ModelVersionView rollback(@PathParam("model") String model) {
    return lifecycle.rollback(caller, model);
  }

  private static Stage stage(StageChange change) {
    try {
      return Stage.valueOf(change == null || change.stage() == null ? "" : change.stage());
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          ProblemType.INVALID_INPUT, "stage must be one of: staging, production, archived");
    }
  }

  private static byte[] bytes(FileUpload upload) {
    if (upload == null || upload.uploadedFile() == null) {
      return null;
    }
    try {
      return Files.readAllBytes(upload.uploadedFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
