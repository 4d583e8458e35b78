package io.medmaas.inference.prediction.api;

import java.util.List;

/** Raw first outputs of a model version for a batch, in order (for metric verification). */
public record OutputsResponse(String model, String version, List<Double> outputs) {}
