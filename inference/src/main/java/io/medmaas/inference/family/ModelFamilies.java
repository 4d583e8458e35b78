package io.medmaas.inference.family;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** Chooses the native API's family from the card's {@code task}. */
public final class ModelFamilies {

  /** Tasks the native JSON API serves; any other model is served through Open Inference only. */
  public static final List<String> TASKS =
      List.of(
          "binary-classification",
          "regression",
          "anomaly-detection",
          "sequence-binary-classification",
          "image-binary-classification");

  private static final int DEFAULT_MAX_VISITS = 16;

  private ModelFamilies() {}

  public static String task(JsonNode card) {
    return card.path("task").asText("binary-classification");
  }

  /** The family for this card, or empty when the native API does not know its task. */
  public static Optional<ModelFamily> forCard(JsonNode card) {
    String input = card.path("input").path("name").asText("features");
    return Optional.ofNullable(
        switch (task(card)) {
          case "binary-classification" ->
              new TabularFamily(input, FeatureSet.parse(card), Labels.parse(card));
          case "regression" -> new TabularFamily(input, FeatureSet.parse(card), null);
          case "anomaly-detection" ->
              new AnomalyFamily(
                  input, FeatureSet.parse(card), card.path("anomalyThreshold").asDouble(0));
          case "sequence-binary-classification" ->
              new SequenceFamily(
                  input,
                  FeatureSet.parse(card),
                  Labels.parse(card),
                  card.path("input").path("maxVisits").asInt(DEFAULT_MAX_VISITS));
          case "image-binary-classification" ->
              new ImageFamily(
                  input,
                  card.path("input").path("image").path("width").asInt(),
                  card.path("input").path("image").path("height").asInt(),
                  Labels.parse(card));
          default -> null;
        });
  }
}
