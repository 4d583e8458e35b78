package io.medmaas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/** One model family of the demo pack and a one-instance native request for it. */
record Family(String label, String model, String input, long[] itemShape, String body) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Family[] all(Path models) throws IOException {
    JsonNode malignant =
        JSON.readTree(models.resolve("breast-cancer-diagnosis/1/examples.json").toFile())
            .get(0)
            .get("instance");
    JsonNode patient =
        JSON.readTree(models.resolve("pbc-progression/1/validation.json").toFile()).get(0);
    JsonNode image =
        JSON.readTree(models.resolve("lesion-classifier/1/validation.json").toFile()).get(0);
    return new Family[] {
      new Family(
          "MLP (breast-cancer-diagnosis)",
          "breast-cancer-diagnosis",
          "features",
          new long[] {30},
          body(malignant)),
      new Family(
          "GRU (pbc-progression)",
          "pbc-progression",
          "visits",
          new long[] {16, 12},
          body(withoutLabel(patient))),
      new Family(
          "CNN 64x64 (lesion-classifier)",
          "lesion-classifier",
          "image",
          new long[] {1, 64, 64},
          body(withoutLabel(image))),
      new Family(
          "autoencoder (breast-anomaly)",
          "breast-anomaly",
          "features",
          new long[] {30},
          body(malignant)),
    };
  }

  private static JsonNode withoutLabel(JsonNode record) {
    ObjectNode copy = record.deepCopy();
    copy.remove("label");
    return copy;
  }

  private static String body(JsonNode instance) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("instances").add(instance);
    return body.toString();
  }
}
