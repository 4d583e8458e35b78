package io.medmaas.registry.audit.store;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class AuditEventRepository implements PanacheRepository<AuditEvent> {

  private static final Sort NEWEST_FIRST =
      Sort.descending("occurredAt").and("id", Sort.Direction.Descending);

  /** One tenant's records, newest first. */
  public PanacheQuery<AuditEvent> ofTenant(String tenant) {
    return find("tenantId", NEWEST_FIRST, tenant);
  }

  /** The platform tenant's records and the tenantless ones, newest first. */
  public PanacheQuery<AuditEvent> ofPlatform() {
    return find("tenantId is null or tenantId = 'platform'", NEWEST_FIRST);
  }
}
