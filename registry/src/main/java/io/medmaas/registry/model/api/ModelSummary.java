package io.medmaas.registry.model.api;

import io.medmaas.registry.model.store.Model;
import java.time.Instant;

/** A model in a listing: owner ("platform" or a tenant id) and where its aliases point. */
public record ModelSummary(
    String name, String owner, String productionVersion, String stagingVersion, Instant createdAt) {

  public static ModelSummary from(Model m) {
    return new ModelSummary(m.name, m.owner, m.productionVersion, m.stagingVersion, m.createdAt);
  }
}
