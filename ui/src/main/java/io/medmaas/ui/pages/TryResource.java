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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Try a prediction: a form made from the production version's card (each feature with its unit,
 * plausible range and the training mean as a hint), the answer with its explanation as a chart of
 * signed attributions, and the version that answered and the request's id. What was typed and
 * answered exists only in this request and its page: never in the session, a log or the browser's
 * storage.
 */
@Path("/try/{model}")
@Produces(MediaType.TEXT_HTML)
public class TryResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance form(
        String model, String version, List<Field> fields, String unsupported, Result result);
  }

  /** One input of the form, as the card describes the feature. */
  public record Field(
      String name, String unit, String min, String max, String hint, String value) {}

  /** The model's answer for the instance, with its explanation. */
  public record Result(
      String headline,
      String version,
      String requestId,
      String problem,
      List<String> features,
      List<Double> contributions,
      String method) {
    public String featuresJson() {
      return Json.array(features);
    }

    public String contributionsJson() {
      return Json.array(contributions);
    }
  }

  @Inject Gateway gateway;

  @GET
  public TemplateInstance form(@PathParam("model") String model) {
    Card card = card(model);
    return Templates.form(model, card.version, card.fields(null), card.unsupported(), null);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public TemplateInstance predict(
      @PathParam("model") String model, MultivaluedMap<String, String> form) {
    Card card = card(model);
    if (card.unsupported() != null) {
      throw new PageException(400, card.unsupported());
    }
    Map<String, Object> instance = new LinkedHashMap<>();
    for (JsonNode f : card.features) {
      String typed = form.getFirst(f.path("name").asText());
      try {
        instance.put(
            f.path("name").asText(), Double.parseDouble(typed == null ? "" : typed.strip()));
      } catch (NumberFormatException e) {
        return Templates.form(
            model,
            card.version,
            card.fields(form),
            null,
            failed("Every feature needs a number; " + f.path("name").asText() + " has none."));
      }
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("instances", List.of(instance));
    request.put("explain", true);
    GatewayAnswer answer =
        gateway.send("POST", "/api/v1/models/" + Gateway.segment(model) + "/predict", request);
    if (!answer.ok()) {
      // the platform's words: which feature is out of its range, never the value typed
      return Templates.form(model, card.version, card.fields(form), null, failed(answer.problem()));
    }
    JsonNode prediction = answer.json().path("predictions").path(0);
    List<String> features = new ArrayList<>();
    List<Double> contributions = new ArrayList<>();
    JsonNode explanation = prediction.path("explanation");
    for (JsonNode a : explanation.path("attributions")) {
      features.add(a.path("feature").asText());
      contributions.add(a.path("contribution").asDouble());
    }
    return Templates.form(
        model,
        card.version,
        card.fields(form),
        null,
        new Result(
            headline(prediction),
            answer.json().path("version").asText(),
            answer.requestId(),
            null,
            features,
            contributions,
            explanation.path("method").asText("")));
  }

  private static Result failed(String problem) {
    return new Result(null, null, null, problem, List.of(), List.of(), null);
  }

  private static String headline(JsonNode p) {
    if (p.has("label")) {
      return p.path("label").asText() + " (probability " + p.path("probability").asText() + ")";
    }
    if (p.has("value")) {
      return "Predicted value " + p.path("value").asText();
    }
    if (p.has("score")) {
      return "Anomaly score "
          + p.path("score").asText()
          + (p.path("unusual").asBoolean() ? ": unusual" : ": within the usual");
    }
    return "Answered";
  }

  /** The production version's card as the form needs it. */
  private record Card(String version, List<JsonNode> features, String input) {

    /** Why the form cannot take this model's input (an image, visits), or null. */
    String unsupported() {
      return features.isEmpty() || !input.equals("features")
          ? "This model takes "
              + (input.equals("image")
                  ? "an image"
                  : input.equals("visits") ? "a sequence of visits" : "another input")
              + " rather than one row of features; the console's form for it is not in this"
              + " release: use the API (see the model's example request)."
          : null;
    }

    List<Field> fields(MultivaluedMap<String, String> typed) {
      List<Field> fields = new ArrayList<>();
      for (JsonNode f : features) {
        String name = f.path("name").asText();
        fields.add(
            new Field(
                name,
                f.path("unit").asText(""),
                f.path("plausibleMin").asText(""),
                f.path("plausibleMax").asText(""),
                f.path("trainingMean").asText(""),
                typed == null
                    ? ""
                    : String.valueOf(typed.getFirst(name) == null ? "" : typed.getFirst(name))));
      }
      return fields;
    }
  }

  private Card card(String model) {
    GatewayAnswer answer =
        gateway.get("/api/v1/models/" + Gateway.segment(model) + "/versions/production");
    if (!answer.ok()) {
      throw new PageException(
          answer.status() == 403 ? 403 : 404, "There is no such model in production for you.");
    }
    JsonNode card = answer.json().path("card");
    List<JsonNode> features = new ArrayList<>();
    for (JsonNode f : card.path("features")) {
      if (f.has("plausibleMin")) {
        features.add(f);
      }
    }
    return new Card(
        answer.json().path("version").asText(),
        features,
        card.path("input").path("name").asText(""));
  }
}
