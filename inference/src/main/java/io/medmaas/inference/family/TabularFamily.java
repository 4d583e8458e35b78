package io.medmaas.inference.family;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.inference.engine.Tensor;
import io.medmaas.inference.explain.Explanation;
import io.medmaas.inference.explain.ExplanationBudget;
import io.medmaas.inference.explain.SamplingShapley;
import java.util.List;

/**
 * Named tabular features in, one value out: a binary classifier (the value is the positive class's
 * probability) or a regressor (the value in the card's unit). Explained by sampling Shapley values
 * against the training means.
 */
final class TabularFamily implements ModelFamily {

  private final String inputName;
  private final FeatureSet features;
  private final Labels labels; // null for a regressor

  TabularFamily(String inputName, FeatureSet features, Labels labels) {
    this.inputName = inputName;
    this.features = features;
    this.labels = labels;
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
    double value = score(outputs);
    return labels == null ? Prediction.value(value) : labels.predict(value);
  }

  @Override
  public double score(List<Tensor> outputs) {
    return outputs.get(0).data()[0];
  }

  @Override
  public Explanation explain(
      List<Tensor> instance, List<Tensor> outputs, ModelCalls calls, ExplanationBudget budget) {
    long start = System.nanoTime();
    SamplingShapley.Result result =
        SamplingShapley.explain(
            instance.get(0).data(),
            features.reference(),
            features.features().stream().map(Feature::name).toList(),
            rows -> values(calls, rows),
            budget);
    return new Explanation(
        "sampling-shapley",
        labels == null ? "predicted value" : "probability of '" + labels.positive() + "'",
        Explanation.round(result.baselineValue()),
        Explanation.round(score(outputs)),
        result.attributions(),
        null,
        null,
        new Explanation.Cost(
            result.evaluations(),
            budget.maxEvaluations(),
            (System.nanoTime() - start) / 1_000_000,
            budget.seed()));
  }

  private double[] values(ModelCalls calls, float[][] rows) {
    float[] flat = new float[rows.length * features.size()];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * features.size(), features.size());
    }
    Tensor batch = new Tensor(inputName, new long[] {rows.length, features.size()}, flat);
    float[] out = calls.run(List.of(batch)).get(0).data();
    int stride = out.length / rows.length;
    double[] values = new double[rows.length];
    for (int r = 0; r < rows.length; r++) {
      values[r] = out[r * stride];
    }
    return values;
  }

  @Override
  public List<Tensor> warmup() {
    return features.referenceInput(inputName);
  }
}
