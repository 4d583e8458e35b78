package io.medmaas.registry.audit.store;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class AuditEventRepository implements PanacheRepository<AuditEvent> {

  /** One tenant's records, newest first. */
  public PanacheQuery<AuditEvent> ofTenant(String tenant) {
    return find(
        "tenantId", Sort.descending("occurredAt").and("id", Sort.Direction.Descending), tenant);
  }
}
