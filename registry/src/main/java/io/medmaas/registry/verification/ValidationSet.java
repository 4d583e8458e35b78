package io.medmaas.registry.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medmaas.common.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A labelled validation set, one case per instance: CSV (a header of feature names plus a {@code
 * label} column for classifiers or a {@code target} column for regressors) or JSON (an array of
 * records, each an instance in the model's native terms plus its {@code label} or {@code target},
 * for sequence and image models).
 */
public record ValidationSet(List<ObjectNode> instances, List<String> labels) {

  private static final ObjectMapper JSON = StrictJson.configure(new ObjectMapper());

  public static ValidationSet parseCsv(byte[] csv, List<String> features, String labelColumn) {
    String[] lines = new String(csv, StandardCharsets.UTF_8).split("\\r?\\n");
    if (lines.length < 2) {
      throw new Unverifiable("the validation set has no rows");
    }
    List<String> header = Arrays.asList(lines[0].trim().split(","));
    int labelAt = header.indexOf(labelColumn);
    if (labelAt < 0) {
      throw new Unverifiable("the validation set has no '" + labelColumn + "' column");
    }
    int[] featureAt = new int[features.size()];
    for (int j = 0; j < features.size(); j++) {
      featureAt[j] = header.indexOf(features.get(j));
      if (featureAt[j] < 0) {
        throw new Unverifiable("the validation set lacks a feature column of the card");
      }
    }
    List<ObjectNode> instances = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] cells = lines[i].trim().split(",", -1);
      if (cells.length != header.size()) {
        throw new Unverifiable("validation row " + i + " has the wrong number of cells");
      }
      ObjectNode instance = JSON.createObjectNode();
      for (int j = 0; j < features.size(); j++) {
        try {
          instance.put(features.get(j), Double.parseDouble(cells[featureAt[j]]));
        } catch (NumberFormatException e) {
          throw new Unverifiable("validation row " + i + " has a non-numeric feature");
        }
      }
      instances.add(instance);
      labels.add(cells[labelAt].trim());
    }
    return new ValidationSet(List.copyOf(instances), List.copyOf(labels));
  }

  /** The labels as numbers (a regressor's targets). */
  public double[] numericLabels() {
    double[] values = new double[labels.size()];
    for (int i = 0; i < values.length; i++) {
      try {
        values[i] = Double.parseDouble(labels.get(i));
      } catch (NumberFormatException e) {
        throw new Unverifiable("validation row " + (i + 1) + " has a non-numeric target");
      }
      if (!Double.isFinite(values[i])) {
        throw new Unverifiable("validation row " + (i + 1) + " has a non-finite target");
      }
    }
    return values;
  }

  /** CSV or JSON, told apart by the first character that is not white space. */
  public static ValidationSet parse(byte[] data, List<String> features, String labelField) {
    String text = new String(data, StandardCharsets.UTF_8).stripLeading();
    if (text.startsWith("[")) {
      return parseJson(data, labelField);
    }
    return parseCsv(data, features, labelField);
  }

  public static ValidationSet parseJson(byte[] data, String labelField) {
    JsonNode records;
    try {
      records = JSON.readTree(data);
    } catch (java.io.IOException e) {
      throw new Unverifiable("the validation set is not valid JSON");
    }
    if (records == null || !records.isArray() || records.isEmpty()) {
      throw new Unverifiable("the validation set must be a non-empty JSON array");
    }
    List<ObjectNode> instances = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      JsonNode record = records.get(i);
      JsonNode label = record.get(labelField);
      if (!record.isObject() || label == null || !label.isValueNode()) {
        throw new Unverifiable("validation record " + i + " has no '" + labelField + "'");
      }
      ObjectNode instance = ((ObjectNode) record).deepCopy();
      instance.remove(labelField);
      instances.add(instance);
      labels.add(label.asText());
    }
    return new ValidationSet(List.copyOf(instances), List.copyOf(labels));
  }

  /** Instances {@code from} (inclusive) to {@code to} (exclusive) as a prediction request body. */
  public ObjectNode batch(int from, int to) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode array = body.putArray("instances");
    instances.subList(from, to).forEach(array::add);
    return body;
  }
}
