package io.medmaas.inference.family;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.inference.engine.Tensor;
import io.medmaas.inference.explain.Explanation;
import io.medmaas.inference.explain.Explanation.Attribution;
import io.medmaas.inference.explain.ExplanationBudget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An autoencoder over named tabular features: the anomaly score is the mean squared reconstruction
 * error, flagged unusual above the card's threshold, with the low-dimensional embedding. The
 * explanation is the per-feature reconstruction error (no extra model calls): each feature's share,
 * error / feature count, so the shares add up to the score.
 */
final class AnomalyFamily implements ModelFamily {

  private final String inputName;
  private final FeatureSet features;
  private final double threshold;

  AnomalyFamily(String inputName, FeatureSet features, double threshold) {
    this.inputName = inputName;
    this.features = features;
    this.threshold = threshold;
  }

  @Override
  public List<Tensor> decode(JsonNode instance, String at, InputErrors errors) {
    return features.decode(inputName, instance, at, errors);
  }

  @Override
  public java.util.Optional<String> checkRows(Tensor input) {
    return input.name().equals(inputName)
        ? features.outOfRange(input.data())
        : java.util.Optional.empty();
  }

  @Override
  public Prediction interpret(List<Tensor> outputs) {
    double score = score(outputs);
    List<Double> embedding = new ArrayList<>();
    for (float value : ModelFamily.output(outputs, "embedding").data()) {
      embedding.add(Prediction.round(value));
    }
    return Prediction.anomaly(score, score > threshold, embedding);
  }

  @Override
  public double score(List<Tensor> outputs) {
    return ModelFamily.output(outputs, "score").data()[0];
  }

  @Override
  public Explanation explain(
      List<Tensor> instance, List<Tensor> outputs, ModelCalls calls, ExplanationBudget budget) {
    float[] errors = ModelFamily.output(outputs, "feature_errors").data();
    List<Attribution> shares = new ArrayList<>(errors.length);
    for (int j = 0; j < errors.length && j < features.size(); j++) {
      shares.add(Attribution.of(features.name(j), errors[j] / (double) errors.length));
    }
    shares.sort(Comparator.comparingDouble((Attribution a) -> -a.contribution()));
    return new Explanation(
        "reconstruction-error",
        "anomaly score",
        0.0,
        Explanation.round(score(outputs)),
        shares,
        null,
        null,
        new Explanation.Cost(0, budget.maxEvaluations(), 0, null));
  }

  @Override
  public List<Tensor> warmup() {
    return features.referenceInput(inputName);
  }
}
