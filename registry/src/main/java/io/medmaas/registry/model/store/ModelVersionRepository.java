package io.medmaas.registry.model.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ModelVersionRepository implements PanacheRepository<ModelVersion> {

  public Optional<ModelVersion> find(Model model, String version) {
    return find("model = ?1 and version = ?2", model, version).firstResultOptional();
  }

  public List<ModelVersion> of(Model model) {
    return list("model", Sort.descending("createdAt").and("id", Sort.Direction.Descending), model);
  }

  /**
   * The next version number of a model: one more than the highest ever issued (a deleted draft's
   * number is not issued again), recorded on the model in the caller's transaction.
   */
  public String nextVersion(Model model) {
    int highest =
        of(model).stream()
            .map(v -> v.version)
            .filter(v -> v.matches("\\d{1,9}"))
            .mapToInt(Integer::parseInt)
            .max()
            .orElse(0);
    model.lastVersion = Math.max(model.lastVersion, highest) + 1;
    return Integer.toString(model.lastVersion);
  }
}
