package io.medmaas.registry.upload;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole check of an upload, before any transaction starts: static checks, a trial load in a
 * capped child process, and the card's declared input and output against the signature that ONNX
 * Runtime derived from the file.
 */
@ApplicationScoped
public class UploadCheck {

  @Inject UploadValidator validator;
  @Inject TrialLoader trialLoader;

  /** A checked upload, ready to be recorded. */
  public record CheckedUpload(
      byte[] onnx, String card, ModelSignature signature, byte[] validation, String mediaType) {}

  public CheckedUpload check(byte[] onnx, String card, byte[] validation, String mediaType) {
    validator.checkModel(onnx);
    JsonNode cardJson = validator.checkCard(card);
    validator.checkValidationSet(validation);
    ModelSignature signature = trialLoader.load(onnx);
    List<String> mismatches = mismatches(cardJson, signature);
    if (!mismatches.isEmpty()) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "The model card does not match the model's signature",
          mismatches);
    }
    return new CheckedUpload(onnx, card, signature, validation, mediaType);
  }

  static List<String> mismatches(JsonNode card, ModelSignature signature) {
    List<String> errors = new ArrayList<>();
    check(card.path("input"), "input", signature.inputs(), errors);
    check(card.path("output"), "output", signature.outputs(), errors);
    return errors;
  }

  private static void check(
      JsonNode declared, String what, List<ModelSignature.Tensor> actual, List<String> errors) {
    String name = declared.path("name").asText("");
    if (name.isEmpty()) {
      errors.add(what + ".name: the card must name the model's " + what);
      return;
    }
    ModelSignature.Tensor tensor =
        actual.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    if (tensor == null) {
      errors.add(what + ".name: the model has no " + what + " of that name");
      return;
    }
    JsonNode shape = declared.path("shape");
    if (shape.isArray() && tensor.shape() != null) {
      if (shape.size() != tensor.shape().size()) {
        errors.add(
            what
                + ".shape: rank "
                + shape.size()
                + " declared, "
                + tensor.shape().size()
                + " in the model");
        return;
      }
      for (int i = 0; i < shape.size(); i++) {
        long expected = shape.get(i).asLong();
        long found = tensor.shape().get(i);
        if (expected != found) {
          errors.add(
              what + ".shape[" + i + "]: " + expected + " declared, " + found + " in the model");
        }
      }
    }
  }
}
