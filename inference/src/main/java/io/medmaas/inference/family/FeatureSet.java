package io.medmaas.inference.family;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.inference.engine.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The card's named features in the model's order. Turns an object of named values into a row,
 * checking presence, type and plausible range; errors name the place and the rule, never the value
 * sent.
 */
public final class FeatureSet {

  private final List<Feature> features;
  private final Set<String> names = new HashSet<>();

  private FeatureSet(List<Feature> features) {
    this.features = List.copyOf(features);
    features.forEach(f -> names.add(f.name()));
  }

  public static FeatureSet parse(JsonNode card) {
    List<Feature> features = new ArrayList<>();
    for (JsonNode node : card.path("features")) {
      features.add(Feature.parse(node));
    }
    if (features.isEmpty() || features.stream().anyMatch(f -> f.name().isBlank())) {
      throw new IllegalArgumentException("The model card lists no usable features");
    }
    return new FeatureSet(features);
  }

  public List<Feature> features() {
    return features;
  }

  public int size() {
    return features.size();
  }

  public String name(int index) {
    return features.get(index).name();
  }

  /** The training reference values in feature order: the explanation baseline. */
  public float[] reference() {
    float[] reference = new float[features.size()];
    for (int i = 0; i < reference.length; i++) {
      reference[i] = (float) features.get(i).reference();
    }
    return reference;
  }

  /** One instance of named features as a {@code [1, features]} input called {@code input}. */
  public List<Tensor> decode(String input, JsonNode instance, String at, InputErrors errors) {
    float[] row = row(instance, at, errors);
    return List.of(Tensor.single(input, new long[] {row.length}, row));
  }

  /** The training reference values as one instance: the warm-up input. */
  public List<Tensor> referenceInput(String input) {
    return List.of(Tensor.single(input, new long[] {features.size()}, reference()));
  }

  /**
   * The first problem of a flat tensor of rows of these features (row-major): a value outside its
   * feature's plausible range, named by feature and range, never by value.
   */
  public java.util.Optional<String> outOfRange(float[] rows) {
    int width = features.size();
    if (width == 0 || rows.length % width != 0) {
      return java.util.Optional.empty(); // the signature check speaks of the shape
    }
    for (int i = 0; i < rows.length; i++) {
      Feature feature = features.get(i % width);
      if (!feature.inRange(rows[i])) {
        return java.util.Optional.of(
            "row "
                + i / width
                + ", feature '"
                + feature.name()
                + "' (column "
                + i % width
                + ") is outside the plausible range "
                + feature.range());
      }
    }
    return java.util.Optional.empty();
  }

  /** The row for {@code object}; problems are added to {@code errors} prefixed with {@code at}. */
  public float[] row(JsonNode object, String at, InputErrors errors) {
    float[] row = new float[features.size()];
    if (object == null || !object.isObject()) {
      errors.add(at, "must be an object of named features");
      return row;
    }
    // a key the model does not know is counted, never named: it may be a patient's name or number
    int unknown = 0;
    for (Iterator<String> keys = object.fieldNames(); keys.hasNext(); ) {
      if (!names.contains(keys.next())) {
        unknown++;
      }
    }
    if (unknown > 0) {
      errors.add(
          at,
          unknown
              + (unknown == 1 ? " key is" : " keys are")
              + " not a feature of this model (the card lists its features)");
    }
    for (int j = 0; j < row.length; j++) {
      Feature feature = features.get(j);
      JsonNode value = object.get(feature.name());
      String where = at + "." + feature.name();
      if (value == null || value.isNull()) {
        errors.add(where, "missing");
      } else if (!value.isNumber()) {
        errors.add(where, "must be a number");
      } else {
        double v = value.asDouble();
        if (!Float.isFinite((float) v)) {
          errors.add(where, "must be a finite number");
        } else if (!feature.inRange(v)) {
          errors.add(where, "outside the plausible range " + feature.range());
        }
        row[j] = (float) v;
      }
    }
    return row;
  }
}
