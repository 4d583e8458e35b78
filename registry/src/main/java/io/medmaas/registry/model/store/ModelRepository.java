package io.medmaas.registry.model.store;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * Models, always looked up on behalf of a tenant: its own models and the platform catalog. When a
 * tenant's model shares a name with a platform model, the tenant's own one wins for that tenant.
 */
@ApplicationScoped
public class ModelRepository implements PanacheRepository<Model> {

  public Optional<Model> findVisible(String tenant, Set<String> entitled, String name) {
    return find(
            "name = :name and owner in (:tenant, :platform)",
            Parameters.with("name", name).and("tenant", tenant).and("platform", Model.PLATFORM))
        .list()
        .stream()
        .filter(model -> model.visibleTo(tenant, entitled))
        .min(
            (a, b) ->
                Boolean.compare(Model.PLATFORM.equals(a.owner), Model.PLATFORM.equals(b.owner)));
  }

  public Optional<Model> findOwned(String owner, String name) {
    return find("owner = ?1 and name = ?2", owner, name).firstResultOptional();
  }

  /**
   * The models whose name contains {@code q}, by name: the tenant's own (when {@code own}) and the
   * platform's (when {@code platform}) that the tenant may see.
   */
  public PanacheQuery<Model> listVisible(
      String tenant, Set<String> entitled, boolean own, boolean platform, String q) {
    boolean wholeCatalog = Model.PLATFORM.equals(tenant);
    return find(
        "lower(name) like :q and ((:own = true and owner = :tenant) or (:platform = true and"
            + " owner = :platformOwner and (:whole = true or name in :entitled)))",
        Sort.ascending("name").and("owner"),
        Parameters.with("q", "%" + q.toLowerCase() + "%")
            .and("own", own)
            .and("tenant", tenant)
            .and("platform", platform)
            .and("platformOwner", Model.PLATFORM)
            .and("whole", wholeCatalog)
            // an empty IN list is not valid SQL: a name no model can have stands in
            .and("entitled", entitled.isEmpty() ? Set.of("-") : entitled));
  }
}
