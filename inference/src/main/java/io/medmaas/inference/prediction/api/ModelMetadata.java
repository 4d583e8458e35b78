package io.medmaas.inference.prediction.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medmaas.inference.registry.ModelVersionInfo;
import java.util.List;

/**
 * A model version as a caller of the native API needs to know it: its signature, a summary of its
 * card (task, intended use, labels, features with units and plausible ranges, claimed metrics), the
 * platform's verification, and whether this inference instance is ready to serve it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMetadata(
    String model,
    String version,
    String stage,
    String owner,
    String state,
    JsonNode signature,
    JsonNode card,
    JsonNode verification) {

  private static final List<String> CARD_SUMMARY =
      List.of(
          "task",
          "summary",
          "notForClinicalUse",
          "intendedUse",
          "intendedUsers",
          "outOfScope",
          "input",
          "output",
          "outputs",
          "labels",
          "anomalyThreshold",
          "features",
          "metrics",
          "limitations",
          "biases");

  public static ModelMetadata of(ModelVersionInfo info, String state) {
    ObjectNode summary = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    for (String field : CARD_SUMMARY) {
      JsonNode value = info.card() == null ? null : info.card().get(field);
      if (value != null && !value.isNull()) {
        summary.set(field, value);
      }
    }
    return new ModelMetadata(
        info.model(),
        info.version(),
        info.stage(),
        info.owner(),
        state,
        info.signature(),
        summary,
        info.verification());
  }
}
