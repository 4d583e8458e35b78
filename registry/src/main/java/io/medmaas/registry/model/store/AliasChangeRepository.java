package io.medmaas.registry.model.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class AliasChangeRepository implements PanacheRepository<AliasChange> {

  /** The latest move of the alias onto its current version. */
  public Optional<AliasChange> latestOnto(Model model, String alias, String version) {
    return find(
            "model = ?1 and alias = ?2 and toVersion = ?3 order by id desc", model, alias, version)
        .firstResultOptional();
  }
}
