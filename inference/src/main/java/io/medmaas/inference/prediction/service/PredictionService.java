package io.medmaas.inference.prediction.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.inference.InferenceConfig;
import io.medmaas.inference.model.LoadedModel;
import io.medmaas.inference.model.ModelCache;
import io.medmaas.inference.model.TabularCard;
import io.medmaas.inference.prediction.api.OutputsResponse;
import io.medmaas.inference.prediction.api.Prediction;
import io.medmaas.inference.prediction.api.PredictionResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Validates instances, runs the model version and turns probabilities into labels. */
@ApplicationScoped
public class PredictionService {

  @Inject ModelCache cache;
  @Inject InferenceConfig config;

  public PredictionResponse predict(
      String tenant,
      String model,
      String versionOrAlias,
      JsonNode body,
      String requestId,
      String bearer) {
    LoadedModel loaded = cache.get(tenant, model, versionOrAlias, bearer);
    TabularCard card = loaded.card();
    float[][] rows = TabularInstances.toRows(body, card, config.inference().maxInstances());
    float[][] outputs = loaded.run(rows);
    List<Prediction> predictions = new ArrayList<>(outputs.length);
    for (float[] output : outputs) {
      predictions.add(
          card.regression() ? Prediction.value(round(output[0])) : label(output[0], card));
    }
    return new PredictionResponse(loaded.name(), loaded.version(), requestId, predictions);
  }

  /** The model's first output per instance, unlabelled: what metric verification scores. */
  public OutputsResponse outputs(
      String tenant, String model, String version, JsonNode body, String bearer) {
    LoadedModel loaded = cache.get(tenant, model, version, bearer);
    float[][] rows =
        TabularInstances.toRows(body, loaded.card(), config.inference().maxInstances());
    List<Double> outputs = new ArrayList<>(rows.length);
    for (float[] output : loaded.run(rows)) {
      outputs.add((double) output[0]);
    }
    return new OutputsResponse(loaded.name(), loaded.version(), outputs);
  }

  static Prediction label(float positiveProbability, TabularCard card) {
    double p = positiveProbability;
    boolean positive = p >= card.threshold();
    double probability = positive ? p : 1.0 - p;
    return Prediction.labelled(
        positive ? card.positiveLabel() : card.negativeLabel(), round(probability));
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
