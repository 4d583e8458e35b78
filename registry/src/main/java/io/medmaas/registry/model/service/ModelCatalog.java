package io.medmaas.registry.model.service;

import io.medmaas.common.caller.Caller;
import io.medmaas.common.digest.Sha256;
import io.medmaas.common.http.Pages;
import io.medmaas.common.naming.Names;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.registry.model.api.ModelDetail;
import io.medmaas.registry.model.api.ModelSummary;
import io.medmaas.registry.model.api.ModelVersionView;
import io.medmaas.registry.model.api.PageView;
import io.medmaas.registry.model.api.VersionSummary;
import io.medmaas.registry.model.store.Artifact;
import io.medmaas.registry.model.store.ArtifactCipher;
import io.medmaas.registry.model.store.ArtifactRepository;
import io.medmaas.registry.model.store.Model;
import io.medmaas.registry.model.store.ModelRepository;
import io.medmaas.registry.model.store.ModelVersion;
import io.medmaas.registry.model.store.ModelVersionRepository;
import io.medmaas.registry.model.store.Stage;
import io.medmaas.registry.rows.RowScoped;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Reads and records models, versions and artifacts, always on behalf of one tenant. */
@ApplicationScoped
@RowScoped
public class ModelCatalog {

  @Inject ModelRepository models;
  @Inject Caller caller;
  @Inject ModelVersionRepository versions;
  @Inject ArtifactRepository artifacts;
  @Inject ArtifactCipher cipher;

  /**
   * A version by number, or the version an alias ({@code production}, {@code staging}) points at. A
   * model the tenant may not see is reported as not found.
   */
  @Transactional
  public ModelVersionView resolve(String tenant, String name, String versionOrAlias) {
    Model model = visibleModel(tenant, name);
    String version =
        switch (versionOrAlias) {
          case "production" -> model.productionVersion;
          case "staging" -> model.stagingVersion;
          default -> versionOrAlias;
        };
    return Optional.ofNullable(version)
        .flatMap(v -> versions.find(model, v))
        .map(ModelVersionView::from)
        .orElseThrow(() -> missing(model, versionOrAlias));
  }

  /**
   * What is missing, for a model the caller sees: which version or alias, and what there is. The
   * name sent is repeated only when it is a valid version name (the route allows no other).
   */
  private ProblemException missing(Model model, String versionOrAlias) {
    List<String> known =
        versions.of(model).stream()
            .map(v -> v.version)
            .sorted(
                Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()))
            .toList();
    String what =
        versionOrAlias.equals("production") || versionOrAlias.equals("staging")
            ? "has no " + versionOrAlias + " version"
            : Names.isVersion(versionOrAlias)
                ? "has no version " + versionOrAlias
                : "has no such version";
    return new ProblemException(
        ProblemType.NOT_FOUND,
        "Model '"
            + model.name
            + "' "
            + what
            + "; its versions: "
            + (known.isEmpty() ? "none" : String.join(", ", known))
            + "; production: "
            + Optional.ofNullable(model.productionVersion).orElse("none")
            + ", staging: "
            + Optional.ofNullable(model.stagingVersion).orElse("none"));
  }

  /** The bytes of an artifact used by a model version the tenant may see. */
  @Transactional
  public byte[] artifact(String tenant, String sha256) {
    boolean visible =
        versions.find("sha256 = ?1", sha256).list().stream()
            .anyMatch(v -> v.model.visibleTo(tenant, caller.entitledModels()));
    if (!visible) {
      throw ProblemException.notFound("Artifact");
    }
    return artifacts.findByIdOptional(sha256).map(cipher::open).orElseThrow();
  }

  /** Whether the platform catalog holds this version (the demo seeder's check). */
  @Transactional
  public boolean existsInPlatformCatalog(String name, String version) {
    return models
        .findOwned(Model.PLATFORM, name)
        .flatMap(m -> versions.find(m, version))
        .isPresent();
  }

  @Transactional
  public void attachValidationSet(
      String owner, String name, String version, byte[] content, String mediaType) {
    ModelVersion entity =
        models.findOwned(owner, name).flatMap(m -> versions.find(m, version)).orElseThrow();
    entity.keepValidationSet(content, mediaType, cipher, !Model.PLATFORM.equals(owner));
  }

  /**
   * Seals the hospitals' validation sets that an earlier release stored plain (before V14), a few
   * at a time; how many it sealed. Without a key configured there is nothing to seal with.
   */
  @Transactional
  public int sealPlainValidationSets(int atMost) {
    List<ModelVersion> plain =
        versions
            .find(
                "validationSet is not null and validationKeyId is null and model.owner <> ?1",
                Model.PLATFORM)
            .page(0, atMost)
            .list();
    for (ModelVersion version : plain) {
      version.keepValidationSet(
          version.validationSet(cipher), version.validationMediaType, cipher, true);
    }
    return plain.size();
  }

  @Transactional
  public PageView<ModelSummary> list(String tenant, String owner, String q, int page, int size) {
    if (!List.of("any", "mine", "platform").contains(owner)) {
      throw new ProblemException(
          ProblemType.INVALID_INPUT, "owner must be one of: any, mine, platform");
    }
    Pages.check(page, size);
    PanacheQuery<Model> query =
        models
            .listVisible(
                tenant,
                caller.entitledModels(),
                !owner.equals("platform"),
                !owner.equals("mine"),
                q)
            .page(page, size);
    return new PageView<>(
        query.list().stream().map(ModelSummary::from).toList(), page, size, query.count());
  }

  @Transactional
  public ModelDetail detail(String tenant, String name) {
    Model model = visibleModel(tenant, name);
    return new ModelDetail(
        ModelSummary.from(model), versions.of(model).stream().map(VersionSummary::from).toList());
  }

  /**
   * Records a version with its artifact (stored once per content), its card and the signature ONNX
   * Runtime derived from it (JSON).
   */
  @Transactional
  public ModelVersionView record(
      String name,
      String owner,
      String version,
      Stage stage,
      byte[] onnx,
      String cardJson,
      String signatureJson) {
    return record(
        name, owner, version, stage, onnx, cardJson, signatureJson, !Model.PLATFORM.equals(owner));
  }

  /**
   * As {@link #record(String, String, String, Stage, byte[], String, String)}, sealing the weights
   * at rest when {@code seal} (every upload through the API, the platform's own included; only the
   * demo pack's are stored plain).
   */
  @Transactional
  public ModelVersionView record(
      String name,
      String owner,
      String version,
      Stage stage,
      byte[] onnx,
      String cardJson,
      String signatureJson,
      boolean seal) {
    Model model =
        models
            .findOwned(owner, name)
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
      if (seal) {
        cipher.seal(artifact, onnx); // weights can encode the patients they learnt from
      } else {
        artifact.content = onnx; // the demo pack's public models may stay plain
      }
      artifacts.persist(artifact);
    }
    if (version.matches("\\d{1,9}")) {
      model.lastVersion = Math.max(model.lastVersion, Integer.parseInt(version));
    }
    ModelVersion entity = new ModelVersion();
    entity.model = model;
    entity.version = version;
    entity.stage = stage;
    entity.sha256 = sha256;
    entity.card = cardJson;
    entity.signature = signatureJson;
    versions.persist(entity);
    if (stage == Stage.production) {
      model.productionVersion = version;
    }
    return ModelVersionView.from(entity);
  }

  /** A model the tenant may see (its own, or an entitled platform model); otherwise not found. */
  Model visibleModel(String tenant, String name) {
    return models
        .findVisible(tenant, caller.entitledModels(), name)
        .orElseThrow(() -> ProblemException.notFound("Model"));
  }
}
