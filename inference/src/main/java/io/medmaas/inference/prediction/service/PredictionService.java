package io.medmaas.inference.prediction.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.inference.InferenceConfig;
import io.medmaas.inference.model.LoadedModel;
import io.medmaas.inference.model.ModelCache;
import io.medmaas.inference.model.TabularCard;
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
