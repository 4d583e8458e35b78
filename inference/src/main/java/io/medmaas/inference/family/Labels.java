package io.medmaas.inference.family;

import com.fasterxml.jackson.databind.JsonNode;

/** A binary classifier's labels and decision threshold, from the card. */
record Labels(String positive, String negative, double threshold) {

  static Labels parse(JsonNode card) {
    JsonNode labels = card.path("labels");
    return new Labels(
        labels.path("positive").asText("positive"),
        labels.path("negative").asText("negative"),
        labels.path("threshold").asDouble(0.5));
  }

  /** The label for the model's probability of the positive class, with its own probability. */
  Prediction predict(double positiveProbability) {
    boolean positive = positiveProbability >= threshold;
    return Prediction.labelled(
        positive ? this.positive : negative,
        positive ? positiveProbability : 1.0 - positiveProbability);
  }
}
