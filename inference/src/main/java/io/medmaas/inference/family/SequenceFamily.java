package io.medmaas.inference.family;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.inference.engine.Tensor;
import io.medmaas.inference.explain.Explanation;
import io.medmaas.inference.explain.Explanation.VisitImportance;
import io.medmaas.inference.explain.ExplanationBudget;
import java.util.ArrayList;
import java.util.List;

/**
 * A recurrent classifier over a patient's visits, oldest first, each visit the card's named
 * features: {@code {"visits": [{...}, {...}]}}. Explained per visit by leaving it out (a single
 * visit is replaced by the training reference visit instead) and measuring how the risk moves.
 */
final class SequenceFamily implements ModelFamily {

  private final String inputName;
  private final FeatureSet features;
  private final Labels labels;
  private final int maxVisits;

  SequenceFamily(String inputName, FeatureSet features, Labels labels, int maxVisits) {
    this.inputName = inputName;
    this.features = features;
    this.labels = labels;
    this.maxVisits = maxVisits;
  }

  @Override
  public List<Tensor> decode(JsonNode instance, String at, InputErrors errors) {
    JsonNode visits = instance == null ? null : instance.get("visits");
    if (visits == null || !visits.isArray() || visits.isEmpty()) {
      errors.add(at + ".visits", "must be a non-empty array of visits, oldest first");
      return List.of(sequence(new float[][] {features.reference()}));
    }
    if (visits.size() > maxVisits) {
      errors.add(
          at + ".visits", "at most " + maxVisits + " visits are accepted; send the latest ones");
      return List.of(sequence(new float[][] {features.reference()}));
    }
    float[][] rows = new float[visits.size()][];
    for (int v = 0; v < rows.length; v++) {
      rows[v] = features.row(visits.get(v), at + ".visits[" + v + "]", errors);
    }
    return List.of(sequence(rows));
  }

  private Tensor sequence(float[][] visits) {
    int d = features.size();
    float[] data = new float[visits.length * d];
    for (int v = 0; v < visits.length; v++) {
      System.arraycopy(visits[v], 0, data, v * d, d);
    }
    return Tensor.single(inputName, new long[] {visits.length, d}, data);
  }

  @Override
  public Prediction interpret(List<Tensor> outputs) {
    return labels.predict(score(outputs));
  }

  @Override
  public double score(List<Tensor> outputs) {
    return outputs.get(0).data()[0];
  }

  @Override
  public Explanation explain(
      List<Tensor> instance, List<Tensor> outputs, ModelCalls calls, ExplanationBudget budget) {
    long start = System.nanoTime();
    Tensor sequence = instance.get(0);
    int visits = (int) sequence.shape()[1];
    int d = features.size();
    float[] data = sequence.data();
    Tensor variants;
    if (visits == 1) {
      variants = Tensor.single(inputName, new long[] {1, d}, features.reference());
    } else {
      int kept = visits - 1;
      float[] all = new float[visits * kept * d];
      int at = 0;
      for (int left = 0; left < visits; left++) {
        for (int v = 0; v < visits; v++) {
          if (v != left) {
            System.arraycopy(data, v * d, all, at, d);
            at += d;
          }
        }
      }
      variants = new Tensor(inputName, new long[] {visits, kept, d}, all);
    }
    float[] without = calls.run(List.of(variants)).get(0).data();
    double full = score(outputs);
    List<VisitImportance> importance = new ArrayList<>(visits);
    int stride = without.length / visits;
    for (int v = 0; v < visits; v++) {
      importance.add(new VisitImportance(v, Explanation.round(full - without[v * stride])));
    }
    return new Explanation(
        visits == 1 ? "visit-replacement" : "leave-one-visit-out",
        "probability of '" + labels.positive() + "'",
        null,
        Explanation.round(full),
        null,
        importance,
        null,
        new Explanation.Cost(
            visits, budget.maxEvaluations(), (System.nanoTime() - start) / 1_000_000, null));
  }

  @Override
  public List<Tensor> warmup() {
    return List.of(sequence(new float[][] {features.reference(), features.reference()}));
  }
}
