package io.medmaas.ui.pages;

import io.medmaas.ui.gateway.Gateway;
import io.medmaas.ui.gateway.GatewayAnswer;
import io.medmaas.ui.web.PageException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Uploading a model version: the ONNX file, its card and a validation set, passed to the gateway as
 * one upload; the platform's checks (the file is a model it can load, the card is complete, the
 * validation set fits) come back as sentences, every one shown. The files are held only for the
 * request (a tenant's are sealed at rest by the registry).
 */
@Path("/models-upload")
@Produces(MediaType.TEXT_HTML)
public class UploadResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance upload(String name, String problem, List<String> errors);
  }

  @Inject Gateway gateway;

  @GET
  public TemplateInstance form() {
    return Templates.upload("", null, List.of());
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response upload(
      @RestForm("name") String name,
      @RestForm("model") FileUpload model,
      @RestForm("card") FileUpload card,
      @RestForm("validation") FileUpload validation) {
    String modelName = name == null ? "" : name.strip();
    if (modelName.isEmpty() || model == null || card == null) {
      return Response.status(400)
          .entity(
              Templates.upload(
                  modelName, "Name the model and choose its ONNX file and its card.", List.of()))
          .build();
    }
    List<Gateway.Part> parts = new ArrayList<>();
    parts.add(
        new Gateway.Part("model", "model.onnx", "application/octet-stream", model.filePath()));
    parts.add(new Gateway.Part("card", "card.json", "application/json", card.filePath()));
    if (validation != null && validation.size() > 0) {
      boolean json = validation.fileName() != null && validation.fileName().endsWith(".json");
      parts.add(
          new Gateway.Part(
              "validation",
              json ? "validation.json" : "validation.csv",
              json ? "application/json" : "text/csv",
              validation.filePath()));
    }
    GatewayAnswer answer =
        gateway.upload("/api/v1/models/" + Gateway.segment(modelName) + "/versions", parts);
    if (answer.status() == 403) {
      throw PageException.forbidden();
    }
    if (!answer.ok()) {
      return Response.status(answer.status() == 413 ? 413 : 422)
          .entity(Templates.upload(modelName, answer.problem(), answer.errors()))
          .build();
    }
    return Response.seeOther(
            URI.create(
                "/models/"
                    + Gateway.segment(answer.json().path("model").asText(modelName))
                    + "?notice=uploaded"))
        .build();
  }
}
