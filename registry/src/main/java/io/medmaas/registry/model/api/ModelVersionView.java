package io.medmaas.registry.model.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.registry.model.store.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A model version as the API shows it: identity, stage, artifact digest and card. */
public record ModelVersionView(
    String model,
    String version,
    String stage,
    String owner,
    String sha256,
    JsonNode signature,
    JsonNode verification,
    JsonNode card) {

  /** Whether the platform verified the card's metrics on the attached validation set. */
  public boolean verified() {
    return verification != null && "verified".equals(verification.path("status").asText());
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  public static ModelVersionView from(ModelVersion entity) {
    try {
      return new ModelVersionView(
          entity.model.name,
          entity.version,
          entity.stage.value(),
          entity.model.owner,
          entity.sha256,
          entity.signature == null ? null : JSON.readTree(entity.signature),
          entity.verification == null ? null : JSON.readTree(entity.verification),
          JSON.readTree(entity.card));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
