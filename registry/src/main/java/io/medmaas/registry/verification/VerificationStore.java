package io.medmaas.registry.verification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.registry.model.store.ArtifactCipher;
import io.medmaas.registry.model.store.Model;
import io.medmaas.registry.model.store.ModelRepository;
import io.medmaas.registry.model.store.ModelVersion;
import io.medmaas.registry.model.store.ModelVersionRepository;
import io.medmaas.registry.rows.RowScoped;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Reads what verification needs and stores its result, each in a short transaction. */
@ApplicationScoped
@RowScoped
public class VerificationStore {

  @Inject ModelRepository models;
  @Inject ModelVersionRepository versions;
  @Inject ObjectMapper json;
  @Inject ArtifactCipher cipher;

  /** A version's card and validation set. */
  public record Stored(String card, byte[] validation) {}

  @Transactional
  public Stored load(String owner, String name, String version) {
    ModelVersion entity = find(owner, name, version);
    return new Stored(entity.card, entity.validationSet(cipher));
  }

  @Transactional
  public void save(String owner, String name, String version, Verification result) {
    try {
      find(owner, name, version).verification = json.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private ModelVersion find(String owner, String name, String version) {
    Model model = models.findOwned(owner, name).orElseThrow();
    return versions.find(model, version).orElseThrow();
  }
}
