package io.medmaas.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import java.util.ArrayList;
import java.util.List;

/**
 * What inference needs from a tabular model's card (classifier or regressor): the feature order,
 * the training means (warm-up input and, later, explanation baseline), the input name and the
 * labels.
 */
public record TabularCard(
    String task,
    List<String> features,
    float[] trainingMeans,
    String inputName,
    String positiveLabel,
    String negativeLabel,
    double threshold) {

  /** Tasks whose cards this class can read: named tabular features, one output per row. */
  public static final List<String> TASKS = List.of("binary-classification", "regression");

  public boolean regression() {
    return "regression".equals(task);
  }

  public static TabularCard parse(JsonNode card) {
    String task = card.path("task").asText("binary-classification");
    if (!TASKS.contains(task)) {
      throw new ProblemException(
          ProblemType.NOT_IMPLEMENTED,
          "Models of task '" + task + "' are registered but not yet served by this release");
    }
    List<String> names = new ArrayList<>();
    JsonNode features = card.path("features");
    float[] means = new float[features.size()];
    for (int i = 0; i < features.size(); i++) {
      names.add(features.get(i).path("name").asText());
      means[i] = (float) features.get(i).path("trainingMean").asDouble(0);
    }
    if (names.isEmpty() || names.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("The model card lists no usable features");
    }
    JsonNode labels = card.path("labels");
    return new TabularCard(
        task,
        List.copyOf(names),
        means,
        card.path("input").path("name").asText("features"),
        labels.path("positive").asText("positive"),
        labels.path("negative").asText("negative"),
        labels.path("threshold").asDouble(0.5));
  }
}
