package io.medmaas.registry.model.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.access.Action;
import io.medmaas.common.audit.AuditText;
import io.medmaas.common.caller.Caller;
import io.medmaas.common.naming.Names;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.registry.audit.service.ChangeLog;
import io.medmaas.registry.model.api.ModelVersionView;
import io.medmaas.registry.model.api.StageChange;
import io.medmaas.registry.model.store.AliasChange;
import io.medmaas.registry.model.store.AliasChangeRepository;
import io.medmaas.registry.model.store.ArtifactCipher;
import io.medmaas.registry.model.store.Model;
import io.medmaas.registry.model.store.ModelRepository;
import io.medmaas.registry.model.store.ModelVersion;
import io.medmaas.registry.model.store.ModelVersionRepository;
import io.medmaas.registry.model.store.Stage;
import io.medmaas.registry.rows.RowScoped;
import io.medmaas.registry.upload.UploadCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Publishing and the lifecycle draft → staging → production → archived. Only the owner tenant
 * changes a model; each change moves the aliases, is recorded in the audit log with its before and
 * after, and is announced to inference, all in one transaction.
 */
@ApplicationScoped
@RowScoped
public class ModelLifecycle {

  private static final Map<Stage, Set<Stage>> ALLOWED =
      Map.of(
          Stage.draft, Set.of(Stage.staging, Stage.archived),
          Stage.staging, Set.of(Stage.production, Stage.archived),
          Stage.production, Set.of(Stage.archived),
          Stage.archived, Set.of());

  @Inject ModelRepository models;
  @Inject ModelVersionRepository versions;
  @Inject AliasChangeRepository aliasChanges;
  @Inject ModelCatalog catalog;
  @Inject ArtifactCipher cipher;
  @Inject ObjectMapper json;
  @Inject ChangeLog changes;
  @Inject ModelEvents events;

  /** Publishes a new draft version of the caller's tenant's model (created on first upload). */
  @Transactional
  public ModelVersionView upload(Caller caller, String name, UploadCheck.CheckedUpload upload) {
    checkName(name);
    String owner = caller.requireTenant();
    Optional<Model> own = models.findOwned(owner, name);
    if (own.isEmpty() && !Model.PLATFORM.equals(owner) && platformModelSeen(caller, name)) {
      // one namespace per hospital: its own names and its entitled platform models never collide
      throw new ProblemException(
          ProblemType.CONFLICT,
          "'"
              + name
              + "' is a platform model this hospital is entitled to, so the name is taken: upload"
              + " under another name (for example '"
              + suggestion(name, owner)
              + "')");
    }
    String version = own.map(versions::nextVersion).orElse("1");
    catalog.record(
        name,
        owner,
        version,
        Stage.draft,
        upload.onnx(),
        upload.card(),
        toJson(upload.signature()),
        true);
    ModelVersion entity = versions.find(owned(caller, name), version).orElseThrow();
    entity.keepValidationSet(upload.validation(), upload.mediaType(), cipher, true);
    changes.record(
        caller, "model.version.upload", name, version, null, "draft sha256=" + entity.sha256);
    return ModelVersionView.from(entity);
  }

  private boolean platformModelSeen(Caller caller, String name) {
    return caller.entitledModels().contains(name)
        && models.findOwned(Model.PLATFORM, name).isPresent();
  }

  private static String suggestion(String name, String owner) {
    String candidate = name + "-" + owner;
    return Names.isModel(candidate)
        ? candidate
        : name.substring(0, Math.min(name.length(), 50)) + "-own";
  }

  /** Refuses a name that is not 2-63 lower-case letters, digits and dashes. */
  public static void checkName(String name) {
    if (!Names.isModel(name)) {
      throw new ProblemException(
          ProblemType.INVALID_INPUT, "Model names are 2-63 lower-case letters, digits and dashes");
    }
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Moves a version to another stage, with the alias moves that implies. */
  @Transactional
  public ModelVersionView changeStage(
      Caller caller, String name, String version, Stage target, StageChange request) {
    Model model = owned(caller, name);
    ModelVersion entity =
        versions.find(model, version).orElseThrow(() -> ProblemException.notFound("Model version"));
    Stage before = entity.stage;
    if (!ALLOWED.get(before).contains(target)) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "A " + before.value() + " version cannot move to " + target.value());
    }
    if (target == Stage.production && !Action.MODEL_PROMOTE.allows(caller.roles())) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "Promotion to production needs a second pair of eyes: a hospital admin (a platform"
              + " admin for platform models) promotes what a publisher staged");
    }
    String overrideNote = checkVerified(entity, target, request);
    entity.stage = target;
    if (target == Stage.staging) {
      demoteCurrent(model, model.stagingVersion, Stage.draft);
      moveAlias(caller, model, "staging", version);
    } else if (target == Stage.production) {
      if (version.equals(model.stagingVersion)) {
        moveAlias(caller, model, "staging", null);
      }
      demoteCurrent(model, model.productionVersion, Stage.archived);
      moveAlias(caller, model, "production", version);
    } else {
      clearAliasesOf(caller, model, version);
    }
    events.stageChanged(model, version);
    if (overrideNote != null) {
      changes.record(
          caller, "model.version.stage.override", name, version, before.value(), overrideNote);
    } else {
      changes.record(caller, "model.version.stage", name, version, before.value(), target.value());
    }
    return ModelVersionView.from(entity);
  }

  /**
   * Production needs verified metrics, or an explicit override with a reason; returns the note for
   * the audit record of an override, null otherwise.
   */
  private static String checkVerified(ModelVersion entity, Stage target, StageChange request) {
    if (target != Stage.production || ModelVersionView.from(entity).verified()) {
      return null;
    }
    if (!request.overrides()) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "The platform has not verified this version's metrics; promoting it to production"
              + " needs \"override\": true and a \"reason\"");
    }
    String reason = request.reason() == null ? "" : request.reason().strip();
    if (!AuditText.isPrintable(reason, 500)) {
      throw new ProblemException(
          ProblemType.INVALID_INPUT,
          "An override needs a reason of 1 to 500 printable characters (no control characters)");
    }
    return "production (override of unverified metrics: " + reason + ")";
  }

  /** Restores the production version that the current one replaced; the current is archived. */
  @Transactional
  public ModelVersionView rollback(Caller caller, String name) {
    Model model = owned(caller, name);
    String current = model.productionVersion;
    if (current == null) {
      throw new ProblemException(ProblemType.CONFLICT, "The model has no production version");
    }
    String previous =
        aliasChanges
            .latestOnto(model, "production", current)
            .map(change -> change.fromVersion)
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.CONFLICT, "There is no earlier production version"));
    ModelVersion restored = versions.find(model, previous).orElseThrow();
    versions.find(model, current).orElseThrow().stage = Stage.archived;
    restored.stage = Stage.production;
    moveAlias(caller, model, "production", previous);
    changes.record(
        caller,
        "model.rollback",
        name,
        previous,
        "production=" + current,
        "production=" + previous);
    return ModelVersionView.from(restored);
  }

  private Model owned(Caller caller, String name) {
    String tenant = caller.requireTenant();
    Model model = catalog.visibleModel(tenant, name);
    if (!model.owner.equals(tenant)) {
      throw new ProblemException(ProblemType.FORBIDDEN, "Only the owner of a model can change it");
    }
    return model;
  }

  private void demoteCurrent(Model model, String current, Stage to) {
    if (current != null) {
      versions.find(model, current).ifPresent(v -> v.stage = to);
    }
  }

  private void clearAliasesOf(Caller caller, Model model, String version) {
    if (version.equals(model.productionVersion)) {
      moveAlias(caller, model, "production", null);
    }
    if (version.equals(model.stagingVersion)) {
      moveAlias(caller, model, "staging", null);
    }
  }

  private void moveAlias(Caller caller, Model model, String alias, String version) {
    AliasChange change = new AliasChange();
    change.model = model;
    change.alias = alias;
    change.fromVersion =
        "production".equals(alias) ? model.productionVersion : model.stagingVersion;
    change.toVersion = version;
    change.changedBy = caller.displayName();
    aliasChanges.persist(change);
    if ("production".equals(alias)) {
      model.productionVersion = version;
    } else {
      model.stagingVersion = version;
    }
    events.aliasMoved(model, alias, version);
  }
}
