package io.medmaas.inference.prediction.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.inference.explain.ExplanationBudget;
import java.util.Optional;

/**
 * A native prediction request's envelope: {@code instances}, and optionally {@code explain}, {@code
 * explainBudget} (model evaluations per explained instance, at most the configured bound) and
 * {@code seed}. Structural faults are 400; what is wrong inside an instance is the family's 422.
 */
record NativeRequest(JsonNode instances, Optional<ExplanationBudget> explanation) {

  /** Explanations are costly: at most this many instances per request may ask for one. */
  static final int MAX_EXPLAINED_INSTANCES = 16;

  static NativeRequest parse(JsonNode body, int maxInstances, int maxBudget, long defaultSeed) {
    JsonNode instances = body == null ? null : body.get("instances");
    if (instances == null || !instances.isArray()) {
      throw invalid("The body must be an object with an 'instances' array");
    }
    if (instances.isEmpty()) {
      throw invalid("'instances' is empty");
    }
    if (instances.size() > maxInstances) {
      throw invalid("Too many instances in one request: at most " + maxInstances + " are accepted");
    }
    JsonNode explain = body.path("explain");
    if (!explain.isMissingNode() && !explain.isBoolean()) {
      throw invalid("'explain' must be true or false");
    }
    if (!explain.asBoolean(false)) {
      return new NativeRequest(instances, Optional.empty());
    }
    if (instances.size() > MAX_EXPLAINED_INSTANCES) {
      throw invalid(
          "At most " + MAX_EXPLAINED_INSTANCES + " instances may be explained in one request");
    }
    int budget = maxBudget;
    JsonNode asked = body.path("explainBudget");
    if (!asked.isMissingNode()) {
      if (!asked.isIntegralNumber() || asked.asInt() < 1 || asked.asInt() > maxBudget) {
        throw invalid("'explainBudget' must be a whole number from 1 to " + maxBudget);
      }
      budget = asked.asInt();
    }
    long seed = defaultSeed;
    JsonNode givenSeed = body.path("seed");
    if (!givenSeed.isMissingNode()) {
      if (!givenSeed.isIntegralNumber()) {
        throw invalid("'seed' must be a whole number");
      }
      seed = givenSeed.asLong();
    }
    return new NativeRequest(instances, Optional.of(new ExplanationBudget(budget, seed)));
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_INPUT, detail);
  }
}
