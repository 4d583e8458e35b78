package io.medmaas.inference.prediction.api;

import io.medmaas.inference.family.Prediction;
import java.util.List;

/** The answer to a prediction request, one prediction per instance, in order. */
public record PredictionResponse(
    String model, String version, String requestId, List<Prediction> predictions) {}
