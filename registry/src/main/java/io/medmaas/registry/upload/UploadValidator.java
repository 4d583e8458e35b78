package io.medmaas.registry.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Treats every uploaded file as hostile: size first, then the ONNX structure read without loading
 * it (no external data, only allowed operator domains), then the card. Every refusal is 422 with
 * the reason, never an echo of the file.
 */
@ApplicationScoped
public class UploadValidator {

  @Inject UploadPolicy policy;
  @Inject ObjectMapper json;

  public OnnxInspection checkModel(byte[] onnx) {
    if (onnx == null || onnx.length == 0) {
      throw unprocessable("The upload has no model file (form field 'model')");
    }
    if (onnx.length > policy.maxArtifactBytes()) {
      throw unprocessable(
          "The model file is larger than the limit of " + policy.maxArtifactBytes() + " bytes");
    }
    OnnxInspection inspection;
    try {
      inspection = OnnxInspector.inspect(onnx);
    } catch (OnnxInspector.NotOnnxException e) {
      throw unprocessable("The model file is not an ONNX model");
    }
    if (inspection.externalDataReferences() > 0) {
      throw unprocessable(
          "The model refers to external data files; only self-contained ONNX files are accepted");
    }
    Set<String> foreign = new TreeSet<>(inspection.operatorDomains());
    foreign.remove(""); // the default ONNX domain
    foreign.removeAll(policy.allowedOperatorDomains());
    if (!foreign.isEmpty()) {
      throw unprocessable(
          "The model uses operator domains outside the allow-list: "
              + String.join(", ", foreign.stream().map(UploadValidator::printable).toList()));
    }
    return inspection;
  }

  public JsonNode checkCard(String card) {
    JsonNode node;
    try {
      node = card == null ? null : json.readTree(card);
    } catch (IOException e) {
      throw unprocessable("The model card (form field 'card') is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw unprocessable("The model card (form field 'card') must be a JSON object");
    }
    if (!node.path("task").isTextual() || !node.path("features").isArray()) {
      throw unprocessable("The model card must name its 'task' and list its 'features'");
    }
    return node;
  }

  public void checkValidationSet(byte[] validation) {
    if (validation != null && validation.length > policy.maxValidationBytes()) {
      throw unprocessable(
          "The validation set is larger than the limit of "
              + policy.maxValidationBytes()
              + " bytes");
    }
  }

  /** A name from the file is shown only if it looks like a domain name. */
  private static String printable(String domain) {
    return domain.matches("[A-Za-z0-9._-]{1,64}") ? domain : "<unprintable domain>";
  }

  private static ProblemException unprocessable(String reason) {
    return new ProblemException(ProblemType.UNPROCESSABLE, reason);
  }
}
