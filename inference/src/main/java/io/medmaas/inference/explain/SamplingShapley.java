package io.medmaas.inference.explain;

import io.medmaas.inference.explain.Explanation.Attribution;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Shapley-value estimate by permutation sampling (Štrumbelj and Kononenko, 2014) with antithetic
 * permutations: each sampled order is also walked in reverse, which cancels much of the sampling
 * noise.
 *
 * <p>Walking an order, features switch one by one from the baseline (the training means) to the
 * instance's values; each feature is credited with the change in the model's output when it
 * switched. Within one walk the credits telescope to {@code f(x) - f(baseline)}, so the
 * attributions of every explanation add up to the prediction minus the baseline prediction up to
 * float rounding (the efficiency property), whatever the sample size. All rows of all walks go to
 * the model in one batch.
 */
public final class SamplingShapley {

  private SamplingShapley() {}

  /**
   * @param model evaluates rows (each in feature order) and returns the explained value per row
   */
  public static Result explain(
      float[] x,
      float[] baseline,
      List<String> names,
      Function<float[][], double[]> model,
      ExplanationBudget budget) {
    int d = x.length;
    int walks = Math.max(2, ((budget.maxEvaluations() - 1) / d) & ~1); // even: antithetic pairs
    SplittableRandom random = new SplittableRandom(budget.seed());
    int[][] orders = new int[walks][];
    for (int w = 0; w < walks; w += 2) {
      orders[w] = shuffled(d, random);
      orders[w + 1] = reversed(orders[w]);
    }
    float[][] rows = new float[1 + walks * d][];
    rows[0] = baseline.clone();
    int at = 1;
    for (int[] order : orders) {
      float[] row = baseline.clone();
      for (int feature : order) {
        row[feature] = x[feature];
        rows[at++] = row.clone();
      }
    }
    double[] values = model.apply(rows);
    double[] phi = new double[d];
    at = 1;
    for (int[] order : orders) {
      double previous = values[0];
      for (int feature : order) {
        phi[feature] += values[at] - previous;
        previous = values[at++];
      }
    }
    List<Attribution> attributions = new ArrayList<>(d);
    for (int j = 0; j < d; j++) {
      attributions.add(Attribution.of(names.get(j), phi[j] / walks));
    }
    attributions.sort(
        Comparator.comparingDouble((Attribution a) -> -Math.abs(a.contribution()))
            .thenComparing(Attribution::feature));
    return new Result(attributions, values[0], rows.length);
  }

  /** Attributions sorted by magnitude, the baseline's model value, and evaluations spent. */
  public record Result(List<Attribution> attributions, double baselineValue, int evaluations) {}

  private static int[] shuffled(int d, SplittableRandom random) {
    int[] order = new int[d];
    for (int i = 0; i < d; i++) {
      order[i] = i;
    }
    for (int i = d - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static int[] reversed(int[] order) {
    int[] reversed = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      reversed[i] = order[order.length - 1 - i];
    }
    return reversed;
  }
}
