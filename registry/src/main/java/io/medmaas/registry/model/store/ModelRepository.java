package io.medmaas.registry.model.store;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Models, always looked up on behalf of a tenant: its own models and the platform catalog. When a
 * tenant's model shares a name with a platform model, the tenant's own one wins for that tenant.
 */
@ApplicationScoped
public class ModelRepository implements PanacheRepository<Model> {

  public Optional<Model> findVisible(String tenant, String name) {
    return find(
            "name = :name and owner in (:tenant, :platform)",
            Parameters.with("name", name).and("tenant", tenant).and("platform", Model.PLATFORM))
        .list()
        .stream()
        .min(
            (a, b) ->
                Boolean.compare(Model.PLATFORM.equals(a.owner), Model.PLATFORM.equals(b.owner)));
  }

  public Optional<Model> findOwned(String owner, String name) {
    return find("owner = ?1 and name = ?2", owner, name).firstResultOptional();
  }

  /** The models of these owners whose name contains {@code q}, by name. */
  public PanacheQuery<Model> listOwnedBy(List<String> owners, String q) {
    return find(
        "owner in :owners and lower(name) like :q",
        Sort.ascending("name").and("owner"),
        Parameters.with("owners", owners).and("q", "%" + q.toLowerCase() + "%"));
  }
}
