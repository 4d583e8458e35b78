package io.medmaas.inference.prediction.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.inference.model.TabularCard;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Turns {@code instances} of named features into rows in the card's feature order. Errors name the
 * instance and the feature, never the value sent.
 */
public final class TabularInstances {

  private TabularInstances() {}

  public static float[][] toRows(JsonNode body, TabularCard card, int maxInstances) {
    JsonNode instances = body == null ? null : body.get("instances");
    if (instances == null || !instances.isArray()) {
      throw new ProblemException(
          ProblemType.INVALID_INPUT, "The body must be an object with an 'instances' array");
    }
    if (instances.isEmpty()) {
      throw new ProblemException(ProblemType.INVALID_INPUT, "'instances' is empty");
    }
    if (instances.size() > maxInstances) {
      throw new ProblemException(
          ProblemType.INVALID_INPUT,
          "Too many instances in one request: at most " + maxInstances + " are accepted");
    }
    List<String> errors = new ArrayList<>();
    float[][] rows = new float[instances.size()][];
    for (int i = 0; i < instances.size(); i++) {
      rows[i] = toRow(instances.get(i), card, "instances[" + i + "]", errors);
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ProblemType.INVALID_INPUT,
          "Invalid instance: " + errors.get(0) + (errors.size() > 1 ? " (and more)" : ""),
          errors.subList(0, Math.min(errors.size(), 50)));
    }
    return rows;
  }

  private static float[] toRow(
      JsonNode instance, TabularCard card, String at, List<String> errors) {
    float[] row = new float[card.features().size()];
    if (instance == null || !instance.isObject()) {
      errors.add(at + ": must be an object of named features");
      return row;
    }
    Set<String> known = new HashSet<>(card.features());
    for (Iterator<String> names = instance.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        errors.add(at + "." + safeName(name) + ": unknown feature");
      }
    }
    for (int j = 0; j < row.length; j++) {
      String feature = card.features().get(j);
      JsonNode value = instance.get(feature);
      if (value == null || value.isNull()) {
        errors.add(at + "." + feature + ": missing");
      } else if (!value.isNumber()) {
        errors.add(at + "." + feature + ": must be a number");
      } else {
        float f = (float) value.asDouble();
        if (!Float.isFinite(f)) {
          errors.add(at + "." + feature + ": must be a finite number");
        }
        row[j] = f;
      }
    }
    return row;
  }

  /**
   * An unknown feature name is caller input: show it only if it looks like a feature name, so a
   * value pasted into a key is not echoed back.
   */
  private static String safeName(String name) {
    return name.matches("[A-Za-z0-9_]{1,64}") ? name : "<unrecognised key>";
  }
}
