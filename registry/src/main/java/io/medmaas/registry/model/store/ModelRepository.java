package io.medmaas.registry.model.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class ModelRepository implements PanacheRepository<Model> {

  public Optional<Model> findByName(String name) {
    return find("name", name).firstResultOptional();
  }
}
