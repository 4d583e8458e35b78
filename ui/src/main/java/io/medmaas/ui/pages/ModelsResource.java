package io.medmaas.ui.pages;

import com.fasterxml.jackson.databind.JsonNode;
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
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The model catalog: the hospital's own models and the platform's it is entitled to; a model's
 * versions with their stages, its card (intended use, limitations, biases, the metrics claimed
 * beside those the platform measured, the input features with units and plausible ranges); moving a
 * version to staging or production and rolling back, each after a confirmation, with the four-eyes
 * rule said plainly (publishers stage, hospital admins promote).
 */
@Path("/models")
@Produces(MediaType.TEXT_HTML)
public class ModelsResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance models(List<DashboardResource.ModelRow> models, String problem);

    static native TemplateInstance model(
        String name,
        String owner,
        String production,
        String staging,
        List<VersionRow> versions,
        Card card,
        String notice);

    static native TemplateInstance confirm(String name, String version, String change, String what);
  }

  /** One version in the model's table. */
  public record VersionRow(String version, String stage, String sha256, boolean validationSet) {}

  /** What the card of the version shown says, and what the platform measured. */
  public record Card(
      String version,
      String summary,
      String intendedUse,
      String limitations,
      String biases,
      String verification,
      List<Metric> metrics,
      List<Feature> features) {}

  /** A metric as the card claims it and as the platform measured it on the validation set. */
  public record Metric(String name, String claimed, String measured) {}

  /** An input feature with its unit and plausible range. */
  public record Feature(String name, String unit, String range) {}

  @Inject Gateway gateway;

  @GET
  public TemplateInstance list() {
    GatewayAnswer answer = gateway.get("/api/v1/models" + Gateway.query(Map.of("size", "100")));
    if (answer.status() == 403) {
      throw PageException.forbidden();
    }
    List<DashboardResource.ModelRow> rows = DashboardResource.ModelRow.of(answer);
    return Templates.models(rows, answer.ok() ? null : answer.problem());
  }

  @GET
  @Path("{name}")
  public TemplateInstance model(
      @PathParam("name") String name,
      @QueryParam("version") String shown,
      @QueryParam("notice") String notice) {
    String base = "/api/v1/models/" + Gateway.segment(name);
    GatewayAnswer answer = gateway.get(base);
    if (!answer.ok()) {
      throw new PageException(
          answer.status() == 403 ? 403 : 404, "There is no such model for your hospital.");
    }
    JsonNode model = answer.json().path("model");
    List<VersionRow> versions = new ArrayList<>();
    for (JsonNode v : answer.json().path("versions")) {
      versions.add(
          new VersionRow(
              v.path("version").asText(),
              v.path("stage").asText(),
              v.path("sha256").asText(),
              v.path("hasValidationSet").asBoolean()));
    }
    String version =
        shown != null && !shown.isBlank()
            ? shown
            : model
                .path("productionVersion")
                .asText(versions.isEmpty() ? null : versions.get(0).version());
    Card card = version == null ? null : card(base, version);
    return Templates.model(
        model.path("name").asText(),
        model.path("owner").asText(),
        model.path("productionVersion").asText(null),
        model.path("stagingVersion").asText(null),
        versions,
        card,
        notice(notice));
  }

  private Card card(String base, String version) {
    GatewayAnswer answer = gateway.get(base + "/versions/" + Gateway.segment(version));
    if (!answer.ok()) {
      return null;
    }
    JsonNode card = answer.json().path("card");
    JsonNode verification = answer.json().path("verification");
    JsonNode measured = verification.path("measured");
    List<Metric> metrics = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>();
    card.path("metrics").fieldNames().forEachRemaining(names::add);
    measured.fieldNames().forEachRemaining(names::add);
    for (String metric : names) {
      metrics.add(
          new Metric(
              metric,
              card.path("metrics").path(metric).isNumber()
                  ? card.path("metrics").path(metric).asText()
                  : "—",
              measured.path(metric).isNumber()
                  ? String.format(java.util.Locale.ROOT, "%.4f", measured.path(metric).asDouble())
                  : "—"));
    }
    List<Feature> features = new ArrayList<>();
    for (JsonNode f : card.path("features")) {
      String range =
          f.has("plausibleMin") && f.has("plausibleMax")
              ? f.path("plausibleMin").asText() + " to " + f.path("plausibleMax").asText()
              : "—";
      features.add(new Feature(f.path("name").asText(), f.path("unit").asText("—"), range));
    }
    String status = verification.path("status").asText("not verified");
    String reason = verification.path("reason").asText("");
    return new Card(
        version,
        card.path("summary").asText(""),
        card.path("intendedUse").asText(""),
        card.path("limitations").asText(""),
        card.path("biases").asText(""),
        reason.isBlank() ? status : status + " (" + reason + ")",
        metrics,
        features);
  }

  private static String notice(String code) {
    if (code == null) {
      return null;
    }
    return switch (code) {
      case "staging" -> "The version is in staging now.";
      case "production" -> "The version is in production now: it serves every new request.";
      case "rollback" -> "Rolled back: the previous production version serves again.";
      case "uploaded" ->
          "The version was uploaded as a draft; the platform verified its card's metrics where it"
              + " could (see the card below).";
      default -> null;
    };
  }

  /**
   * A model name and a version number of their shapes, else 404: the confirmation pages put them
   * into a form's address, and only such values cannot point it anywhere else.
   */
  private static void check(String name, String version) {
    if (!io.medmaas.common.naming.Names.isModel(name)
        || (version != null && !version.matches("\\d{1,9}"))) {
      throw new PageException(404, "There is no such model version.");
    }
  }

  /** The confirmation before a version moves, or before a rollback. */
  @GET
  @Path("{name}/versions/{version}/{change:staging|production}")
  public TemplateInstance confirmStage(
      @PathParam("name") String name,
      @PathParam("version") String version,
      @PathParam("change") String change) {
    check(name, version);
    return Templates.confirm(
        name,
        version,
        change,
        change.equals("production")
            ? "Version " + version + " will serve every new prediction of " + name + "."
            : "Version " + version + " moves to staging, ready for a hospital admin to promote.");
  }

  @POST
  @Path("{name}/versions/{version}/{change:staging|production}")
  public Response stage(
      @PathParam("name") String name,
      @PathParam("version") String version,
      @PathParam("change") String change) {
    check(name, version);
    GatewayAnswer answer =
        gateway.send(
            "POST",
            "/api/v1/models/"
                + Gateway.segment(name)
                + "/versions/"
                + Gateway.segment(version)
                + "/stage",
            Map.of("stage", change));
    return after(name, answer, change);
  }

  @GET
  @Path("{name}/rollback")
  public TemplateInstance confirmRollback(@PathParam("name") String name) {
    check(name, null);
    return Templates.confirm(
        name, "", "rollback", "The previous production version of " + name + " serves again.");
  }

  @POST
  @Path("{name}/rollback")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response rollback(@PathParam("name") String name) {
    check(name, null);
    GatewayAnswer answer =
        gateway.send("POST", "/api/v1/models/" + Gateway.segment(name) + "/rollback", null);
    return after(name, answer, "rollback");
  }

  private static Response after(String name, GatewayAnswer answer, String notice) {
    if (!answer.ok()) {
      // the registry's rule in its words: who may do this, or why not now
      throw new PageException(answer.status() == 403 ? 403 : 409, answer.problem());
    }
    return Response.seeOther(URI.create("/models/" + Gateway.segment(name) + "?notice=" + notice))
        .build();
  }
}
