package io.medmaas.registry.verification;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metric definitions the platform verifies, the same as the demo pack's training scripts
 * (models/pack.py): AUC, accuracy, sensitivity, specificity and Brier score at the card's threshold
 * for classifiers; R², MAE and RMSE for regressors.
 */
public final class Metrics {

  private Metrics() {}

  public static Map<String, Double> classification(
      double[] p, boolean[] positive, double threshold) {
    int n = p.length;
    double tp = 0;
    double tn = 0;
    double pos = 0;
    double brier = 0;
    for (int i = 0; i < n; i++) {
      boolean predicted = p[i] >= threshold;
      pos += positive[i] ? 1 : 0;
      tp += predicted && positive[i] ? 1 : 0;
      tn += !predicted && !positive[i] ? 1 : 0;
      double y = positive[i] ? 1 : 0;
      brier += (p[i] - y) * (p[i] - y);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("auc", round(auc(p, positive)));
    metrics.put("accuracy", round((tp + tn) / n));
    metrics.put("sensitivity", round(tp / pos));
    metrics.put("specificity", round(tn / (n - pos)));
    metrics.put("brier", round(brier / n));
    return metrics;
  }

  public static Map<String, Double> regression(double[] predicted, double[] target) {
    int n = predicted.length;
    double mean = 0;
    for (double t : target) {
      mean += t / n;
    }
    double ssRes = 0;
    double ssTot = 0;
    double absolute = 0;
    for (int i = 0; i < n; i++) {
      double error = predicted[i] - target[i];
      ssRes += error * error;
      ssTot += (target[i] - mean) * (target[i] - mean);
      absolute += Math.abs(error);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("r2", round(1 - ssRes / ssTot));
    metrics.put("mae", round(absolute / n));
    metrics.put("rmse", round(Math.sqrt(ssRes / n)));
    return metrics;
  }

  /** Area under the ROC curve: the probability that a positive outranks a negative (ties 1/2). */
  static double auc(double[] p, boolean[] positive) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < p.length; i++) {
      if (!positive[i]) {
        continue;
      }
      for (int j = 0; j < p.length; j++) {
        if (positive[j]) {
          continue;
        }
        pairs++;
        wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
      }
    }
    return pairs == 0 ? Double.NaN : wins / pairs;
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
