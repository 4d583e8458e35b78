package io.medmaas.registry.model.service;

import io.medmaas.common.digest.Sha256;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.registry.model.api.ModelVersionView;
import io.medmaas.registry.model.store.Artifact;
import io.medmaas.registry.model.store.ArtifactRepository;
import io.medmaas.registry.model.store.Model;
import io.medmaas.registry.model.store.ModelRepository;
import io.medmaas.registry.model.store.ModelVersion;
import io.medmaas.registry.model.store.ModelVersionRepository;
import io.medmaas.registry.model.store.Stage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Reads and records models, versions and artifacts, always on behalf of one tenant. */
@ApplicationScoped
public class ModelCatalog {

  @Inject ModelRepository models;
  @Inject ModelVersionRepository versions;
  @Inject ArtifactRepository artifacts;

  /**
   * A version by number, or the version an alias ({@code production}, {@code staging}) points at. A
   * model the tenant may not see is reported as not found.
   */
  @Transactional
  public ModelVersionView resolve(String tenant, String name, String versionOrAlias) {
    Model model = visibleModel(tenant, name);
    Optional<ModelVersion> version =
        switch (versionOrAlias) {
          case "production" -> versions.newestIn(model, Stage.production);
          case "staging" -> versions.newestIn(model, Stage.staging);
          default -> versions.find(model, versionOrAlias);
        };
    return version
        .map(ModelVersionView::from)
        .orElseThrow(() -> ProblemException.notFound("Model version"));
  }

  /** The bytes of an artifact used by a model version the tenant may see. */
  @Transactional
  public byte[] artifact(String tenant, String sha256) {
    boolean visible =
        versions.find("sha256 = ?1", sha256).list().stream()
            .anyMatch(v -> v.model.visibleTo(tenant));
    if (!visible) {
      throw ProblemException.notFound("Artifact");
    }
    return artifacts.findByIdOptional(sha256).map(a -> a.content).orElseThrow();
  }

  public boolean exists(String name, String version) {
    return models.findByName(name).flatMap(m -> versions.find(m, version)).isPresent();
  }

  /** Records a version with its artifact (stored once per content) and card. */
  @Transactional
  public ModelVersionView record(
      String name, String owner, String version, Stage stage, byte[] onnx, String cardJson) {
    Model model =
        models
            .findByName(name)
            .orElseGet(
                () -> {
                  Model created = new Model();
                  created.name = name;
                  created.owner = owner;
                  models.persist(created);
                  return created;
                });
    String sha256 = Sha256.hex(onnx);
    if (artifacts.findByIdOptional(sha256).isEmpty()) {
      Artifact artifact = new Artifact();
      artifact.sha256 = sha256;
      artifact.sizeBytes = onnx.length;
      artifact.content = onnx;
      artifacts.persist(artifact);
    }
    ModelVersion entity = new ModelVersion();
    entity.model = model;
    entity.version = version;
    entity.stage = stage;
    entity.sha256 = sha256;
    entity.card = cardJson;
    versions.persist(entity);
    return ModelVersionView.from(entity);
  }

  private Model visibleModel(String tenant, String name) {
    return models
        .findByName(name)
        .filter(m -> m.visibleTo(tenant))
        .orElseThrow(() -> ProblemException.notFound("Model"));
  }
}
