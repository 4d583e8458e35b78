package io.medmaas.registry.model.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class ModelVersionRepository implements PanacheRepository<ModelVersion> {

  public Optional<ModelVersion> find(Model model, String version) {
    return find("model = ?1 and version = ?2", model, version).firstResultOptional();
  }

  /** The newest version in {@code stage}, which is what the stage's alias points at. */
  public Optional<ModelVersion> newestIn(Model model, Stage stage) {
    return find("model = ?1 and stage = ?2 order by createdAt desc, id desc", model, stage)
        .firstResultOptional();
  }
}
