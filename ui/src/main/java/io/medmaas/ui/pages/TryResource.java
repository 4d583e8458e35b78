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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Try a prediction with the production version, by the kind of input its card names: one row of
 * features (a form from the card: units, plausible ranges, the training means as hints), a sequence
 * of visits (a table of the card's features, a row per visit) or an image (a file, reduced to the
 * model's grey grid). The answer comes with its explanation drawn: signed feature attributions,
 * each visit's importance, the saliency grid over the image; the version that answered and the
 * request's id. What was sent and answered exists only in this request and its page: never in the
 * session, a log or the browser's storage.
 */
@Path("/try/{model}")
@Produces(MediaType.TEXT_HTML)
public class TryResource {

  /** Rows of the visit table. */
  static final int VISITS = 6;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance form(
        String model,
        String version,
        String kind,
        List<Field> fields,
        List<Integer> visits,
        Result result);
  }

  /** One input of the form, as the card describes the feature. */
  public record Field(
      String name, String unit, String min, String max, String hint, String value) {}

  /**
   * The model's answer with its explanation: chart labels and values (features or visits), or an
   * image's grey grid with its saliency.
   */
  public record Result(
      String headline,
      String version,
      String requestId,
      String problem,
      List<String> labels,
      List<Double> values,
      String method,
      String pixelsJson,
      String saliencyJson,
      int cellSize) {
    public String labelsJson() {
      return Json.array(labels);
    }

    public String valuesJson() {
      return Json.array(values);
    }
  }

  @Inject Gateway gateway;

  @GET
  public TemplateInstance form(@PathParam("model") String model) {
    Card card = card(model);
    return page(model, card, null, null);
  }

  private TemplateInstance page(
      String model, Card card, MultivaluedMap<String, String> typed, Result result) {
    return Templates.form(
        model,
        card.version(),
        card.kind(),
        card.fields(typed),
        java.util.stream.IntStream.range(0, VISITS).boxed().toList(),
        result);
  }

  /** One row of features, or a table of visits. */
  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public TemplateInstance predict(
      @PathParam("model") String model, MultivaluedMap<String, String> form) {
    Card card = card(model);
    Map<String, Object> instance = new LinkedHashMap<>();
    try {
      if (card.kind().equals("visits")) {
        List<Map<String, Object>> visits = new ArrayList<>();
        for (int v = 0; v < VISITS; v++) {
          Map<String, Object> visit = row(card, form, "v" + v + "_");
          if (visit != null) {
            visits.add(visit);
          }
        }
        if (visits.isEmpty()) {
          throw new IllegalArgumentException("Fill in at least one visit, every feature of it.");
        }
        instance.put("visits", visits);
      } else if (card.kind().equals("features")) {
        Map<String, Object> row = row(card, form, "");
        if (row == null) {
          throw new IllegalArgumentException("Every feature needs a number.");
        }
        instance.putAll(row);
      } else {
        throw new PageException(400, "This model takes an image: choose a file.");
      }
    } catch (IllegalArgumentException e) {
      return page(model, card, form, failed(e.getMessage()));
    }
    return page(model, card, form, ask(model, instance, null));
  }

  /**
   * A row's numbers by the card's features ({@code prefix} for a visit's row); null when the row is
   * blank; a row filled in part is refused, naming the feature, never the value.
   */
  private static Map<String, Object> row(
      Card card, MultivaluedMap<String, String> form, String prefix) {
    Map<String, Object> row = new LinkedHashMap<>();
    int blank = 0;
    String missing = null;
    for (JsonNode f : card.features()) {
      String name = f.path("name").asText();
      String typed = form.getFirst(prefix + name);
      if (typed == null || typed.isBlank()) {
        blank++;
        missing = missing == null ? name : missing;
        continue;
      }
      try {
        row.put(name, Double.parseDouble(typed.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " is not a number.");
      }
    }
    if (blank == card.features().size()) {
      return null;
    }
    if (blank > 0) {
      throw new IllegalArgumentException(missing + " has no number.");
    }
    return row;
  }

  /** An image, reduced to the model's grey grid (the card's width and height). */
  @POST
  @Path("image")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public TemplateInstance predictImage(
      @PathParam("model") String model, @RestForm("image") FileUpload image) {
    Card card = card(model);
    if (!card.kind().equals("image")) {
      throw new PageException(400, "This model does not take an image.");
    }
    int[][] pixels;
    try {
      pixels = GreyGrid.of(image == null ? null : image.filePath(), card.width(), card.height());
    } catch (IllegalArgumentException e) {
      return page(model, card, null, failed(e.getMessage()));
    }
    Map<String, Object> instance = new LinkedHashMap<>();
    instance.put("pixels", pixels);
    return page(model, card, null, ask(model, instance, Json.array(pixels)));
  }

  /** The prediction with its explanation, as the page shows it. */
  private Result ask(String model, Map<String, Object> instance, String pixelsJson) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("instances", List.of(instance));
    request.put("explain", true);
    GatewayAnswer answer =
        gateway.send("POST", "/api/v1/models/" + Gateway.segment(model) + "/predict", request);
    if (!answer.ok()) {
      // the platform's words: which feature is out of its range, never the value sent
      return failed(answer.problem());
    }
    JsonNode prediction = answer.json().path("predictions").path(0);
    JsonNode explanation = prediction.path("explanation");
    List<String> labels = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (JsonNode a : explanation.path("attributions")) {
      labels.add(a.path("feature").asText());
      values.add(a.path("contribution").asDouble());
    }
    for (JsonNode v : explanation.path("visits")) {
      labels.add("visit " + (v.path("index").asInt() + 1));
      values.add(v.path("importance").asDouble());
    }
    JsonNode saliency = explanation.path("saliency");
    return new Result(
        headline(prediction),
        answer.json().path("version").asText(),
        answer.requestId(),
        null,
        labels,
        values,
        explanation.path("method").asText(""),
        pixelsJson,
        saliency.isMissingNode() ? null : Json.array(saliency.path("grid")),
        saliency.path("cellSize").asInt(0));
  }

  private static Result failed(String problem) {
    return new Result(null, null, null, problem, List.of(), List.of(), null, null, null, 0);
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
  private record Card(String version, String kind, List<JsonNode> features, int width, int height) {

    List<Field> fields(MultivaluedMap<String, String> typed) {
      List<Field> fields = new ArrayList<>();
      for (JsonNode f : features) {
        String name = f.path("name").asText();
        String value = typed == null ? null : typed.getFirst(name);
        fields.add(
            new Field(
                name,
                f.path("unit").asText(""),
                f.path("plausibleMin").asText(""),
                f.path("plausibleMax").asText(""),
                f.has("trainingMean")
                    ? f.path("trainingMean").asText()
                    : f.path("trainingMedian").asText(""),
                value == null ? "" : value));
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
    JsonNode input = card.path("input");
    String kind =
        switch (input.path("name").asText("")) {
          case "image" -> "image";
          case "visits" -> "visits";
          default -> "features";
        };
    List<JsonNode> features = new ArrayList<>();
    card.path("features").forEach(features::add);
    return new Card(
        answer.json().path("version").asText(),
        kind,
        features,
        input.path("image").path("width").asInt(64),
        input.path("image").path("height").asInt(64));
  }
}
