package io.medmaas.inference.family;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.medmaas.inference.explain.Explanation;
import java.util.List;

/**
 * One instance's result. A classifier gives the label and the model's probability of that label; a
 * regressor the value in the unit its card states; an anomaly detector its score, whether the score
 * passes the card's threshold, and the embedding. {@code explanation} is present when asked for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(
    String label,
    Double probability,
    Double value,
    Double score,
    Boolean unusual,
    List<Double> embedding,
    Explanation explanation) {

  public static Prediction labelled(String label, double probability) {
    return new Prediction(label, round(probability), null, null, null, null, null);
  }

  public static Prediction value(double value) {
    return new Prediction(null, null, round(value), null, null, null, null);
  }

  public static Prediction anomaly(double score, boolean unusual, List<Double> embedding) {
    return new Prediction(null, null, null, round(score), unusual, embedding, null);
  }

  public Prediction withExplanation(Explanation explanation) {
    return new Prediction(label, probability, value, score, unusual, embedding, explanation);
  }

  /** Four decimals: more would claim a precision the models do not have. */
  public static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
