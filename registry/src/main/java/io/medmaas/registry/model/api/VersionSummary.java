package io.medmaas.registry.model.api;

import io.medmaas.registry.model.store.ModelVersion;
import java.time.Instant;

/** One version in a model's history. */
public record VersionSummary(
    String version, String stage, String sha256, boolean hasValidationSet, Instant createdAt) {

  public static VersionSummary from(ModelVersion v) {
    return new VersionSummary(
        v.version, v.stage.value(), v.sha256, v.validationMediaType != null, v.createdAt);
  }
}
