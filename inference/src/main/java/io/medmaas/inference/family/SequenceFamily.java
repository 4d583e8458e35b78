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
 * features: {@code {"visits": [{...}, {...}]}}. As in training (the card says so), sequences are
 * left-padded with all-zero visits to the card's maximum, so the served outputs are the ones the
 * card's metrics were measured on, and every sequence has one shape (they batch together).
 * Explained per visit by leaving it out (a single visit is replaced by the training reference visit
 * instead) and measuring how the risk moves.
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
    float[] data = new float[maxVisits * d];
    int offset = (maxVisits - visits.length) * d;
    for (int v = 0; v < visits.length; v++) {
      System.arraycopy(visits[v], 0, data, offset + v * d, d);
    }
    return Tensor.single(inputName, new long[] {maxVisits, d}, data);
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
    int d = features.size();
    float[] padded = instance.get(0).data();
    int first = firstVisit(padded, d);
    int visits = maxVisits - first;
    float[][] real = new float[visits][];
    for (int v = 0; v < visits; v++) {
      real[v] = java.util.Arrays.copyOfRange(padded, (first + v) * d, (first + v + 1) * d);
    }
    List<Tensor> variants = new ArrayList<>(visits);
    if (visits == 1) {
      variants.add(sequence(new float[][] {features.reference()}));
    } else {
      for (int left = 0; left < visits; left++) {
        float[][] kept = new float[visits - 1][];
        for (int v = 0, k = 0; v < visits; v++) {
          if (v != left) {
            kept[k++] = real[v];
          }
        }
        variants.add(sequence(kept));
      }
    }
    float[] without = calls.run(List.of(Tensor.concat(variants))).get(0).data();
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

  /** Index of the first real visit: padding visits are all zero. */
  private int firstVisit(float[] padded, int d) {
    for (int v = 0; v < maxVisits; v++) {
      for (int j = 0; j < d; j++) {
        if (padded[v * d + j] != 0) {
          return v;
        }
      }
    }
    return maxVisits - 1;
  }

  @Override
  public List<Tensor> warmup() {
    return List.of(sequence(new float[][] {features.reference(), features.reference()}));
  }
}
