package io.medmaas.inference.family;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.inference.engine.Tensor;
import io.medmaas.inference.explain.Explanation;
import io.medmaas.inference.explain.ExplanationBudget;
import java.util.List;

/**
 * What the native JSON API knows about one kind of model (chosen by the card's {@code task}): how
 * an instance in the model's own terms becomes input tensors, how outputs become a prediction, and
 * how a prediction is explained.
 */
public interface ModelFamily {

  /** One instance as input tensors with a batch of one; problems go to {@code errors}. */
  List<Tensor> decode(JsonNode instance, String at, InputErrors errors);

  /** The prediction for one instance from its outputs (batch of one). */
  Prediction interpret(List<Tensor> outputs);

  /** The value metric verification scores (probability, value or anomaly score). */
  double score(List<Tensor> outputs);

  /**
   * Explains one instance's prediction; {@code calls} runs batches of this model for the same
   * tenant, through its queue.
   */
  Explanation explain(
      List<Tensor> instance, List<Tensor> outputs, ModelCalls calls, ExplanationBudget budget);

  /** An input to warm the model with before it takes traffic. */
  List<Tensor> warmup();

  /**
   * The card's checks for a protocol tensor (Open Inference Protocol) that carries one instance per
   * row: the input's name and the value problem, if any; empty for a family whose tensors do not
   * map one column to one feature.
   */
  default java.util.Optional<String> checkRows(Tensor input) {
    return java.util.Optional.empty();
  }

  /** Runs batches of the model being explained. */
  @FunctionalInterface
  interface ModelCalls {
    List<Tensor> run(List<Tensor> inputs);
  }

  /** First output of a batch, or the named one. */
  static Tensor output(List<Tensor> outputs, String name) {
    if (name != null) {
      for (Tensor tensor : outputs) {
        if (tensor.name().equals(name)) {
          return tensor;
        }
      }
    }
    return outputs.get(0);
  }
}
