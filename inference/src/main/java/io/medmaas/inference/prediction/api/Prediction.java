package io.medmaas.inference.prediction.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One instance's result. A classifier gives the label and the model's probability of that label; a
 * regressor gives the value, in the unit its card states.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(String label, Double probability, Double value) {

  public static Prediction labelled(String label, double probability) {
    return new Prediction(label, probability, null);
  }

  public static Prediction value(double value) {
    return new Prediction(null, null, value);
  }
}
