package io.medmaas.registry.model.service;

import io.medmaas.common.caller.Caller;
import io.medmaas.common.naming.Names;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.registry.audit.service.ChangeLog;
import io.medmaas.registry.model.store.AliasChangeRepository;
import io.medmaas.registry.model.store.Model;
import io.medmaas.registry.model.store.ModelRepository;
import io.medmaas.registry.model.store.ModelVersion;
import io.medmaas.registry.model.store.ModelVersionRepository;
import io.medmaas.registry.model.store.Stage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Deleting what never served: a draft version, or a whole model that never reached production.
 * Anything that served clinicians is archived instead, so its history stays. Only the owner's
 * admins delete (the role table's {@code MODEL_DELETE}); each deletion is a change record.
 */
@ApplicationScoped
public class ModelRemoval {

  @Inject ModelRepository models;
  @Inject ModelVersionRepository versions;
  @Inject AliasChangeRepository aliasChanges;
  @Inject ModelCatalog catalog;
  @Inject ChangeLog changes;
  @Inject ModelEvents events;

  @Transactional
  public void deleteVersion(Caller caller, String name, String version) {
    Model model = owned(caller, name);
    ModelVersion entity =
        versions
            .find(model, version)
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.NOT_FOUND,
                        "Model '"
                            + name
                            + "' has no version "
                            + (Names.isVersion(version) ? version : "of that name")));
    boolean servedAsStaging =
        aliasChanges.count("model = ?1 and toVersion = ?2", model, version) > 0;
    if (entity.stage != Stage.draft || servedAsStaging) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Only a draft that never served can be deleted; version "
              + version
              + (entity.stage == Stage.draft ? " served as staging" : " is " + entity.stage.value())
              + ": archive it instead (POST .../stage with {\"stage\":\"archived\"})");
    }
    versions.delete(entity);
    events.stageChanged(model, version);
    changes.record(caller, "model.version.delete", name, version, "draft", "deleted");
  }

  @Transactional
  public void deleteModel(Caller caller, String name) {
    Model model = owned(caller, name);
    List<ModelVersion> all = versions.of(model);
    boolean served =
        model.productionVersion != null
            || all.stream().anyMatch(v -> v.stage == Stage.production || v.stage == Stage.archived)
            || aliasChanges.count("model", model) > 0; // it served as staging or production
    if (served) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Model '"
              + name
              + "' served (as staging or production), so it is kept for its history; archive its"
              + " versions instead");
    }
    all.forEach(versions::delete);
    aliasChanges.delete("model", model);
    models.delete(model);
    events.stageChanged(model, null);
    changes.record(
        caller,
        "model.delete",
        name,
        null,
        all.size() + " versions, never in production",
        "deleted");
  }

  private Model owned(Caller caller, String name) {
    String tenant = caller.requireTenant();
    Model model = catalog.visibleModel(tenant, name);
    if (!model.owner.equals(tenant)) {
      throw new ProblemException(ProblemType.FORBIDDEN, "Only the owner of a model can delete it");
    }
    return model;
  }
}
