package io.medmaas.inference.family;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One named input feature from a model card: its unit, the plausible range a value must lie in, and
 * the training reference value (mean, or median where the card gives that) that explanations use as
 * the baseline.
 */
public record Feature(String name, String unit, Double min, Double max, double reference) {

  static Feature parse(JsonNode node) {
    JsonNode reference =
        node.hasNonNull("trainingMean") ? node.get("trainingMean") : node.path("trainingMedian");
    return new Feature(
        node.path("name").asText(),
        node.path("unit").asText(null),
        node.hasNonNull("plausibleMin") ? node.get("plausibleMin").asDouble() : null,
        node.hasNonNull("plausibleMax") ? node.get("plausibleMax").asDouble() : null,
        reference.asDouble(0));
  }

  /** The range as the error messages show it, e.g. "[18, 90] years". */
  String range() {
    String unit = this.unit == null ? "" : " " + this.unit;
    return "[" + number(min) + ", " + number(max) + "]" + unit;
  }

  boolean inRange(double value) {
    return (min == null || value >= min) && (max == null || value <= max);
  }

  private static String number(Double value) {
    if (value == null) {
      return "-";
    }
    return value == Math.rint(value) ? Long.toString(value.longValue()) : value.toString();
  }
}
