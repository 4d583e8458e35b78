package io.medmaas.inference.engine;

import io.medmaas.inference.InferenceConfig;
import io.medmaas.inference.batching.BatchSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** The batch settings of a model: its overrides over the service's defaults. */
@ApplicationScoped
public class BatchSettingsSource {

  @Inject InferenceConfig config;

  public BatchSettings forModel(String model) {
    InferenceConfig.Batching defaults = config.inference().batching();
    InferenceConfig.ModelBatching own = config.inference().models().get(model);
    int maxBatch = defaults.maxBatchSize();
    long delayMicros = defaults.maxQueueDelayMicros();
    if (own != null) {
      maxBatch = own.maxBatchSize().orElse(maxBatch);
      delayMicros = own.maxQueueDelayMicros().orElse(delayMicros);
    }
    return new BatchSettings(
        maxBatch,
        Duration.ofNanos(delayMicros * 1_000),
        defaults.maxQueued(),
        defaults.tenantShare(),
        config.inference().predictorsPerModel(),
        defaults.deadline());
  }
}
