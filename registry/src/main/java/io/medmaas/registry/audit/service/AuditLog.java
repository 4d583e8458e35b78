package io.medmaas.registry.audit.service;

import io.medmaas.common.caller.InternalToken;
import io.medmaas.common.http.Pages;
import io.medmaas.registry.audit.api.AuditPage;
import io.medmaas.registry.audit.store.AuditEvent;
import io.medmaas.registry.audit.store.AuditEventRepository;
import io.medmaas.registry.audit.store.AuditEvents;
import io.medmaas.registry.rows.RowScoped;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Reads the audit log, always for one tenant. The platform's own auditors also read the tenantless
 * records (authentication failures that named no known tenant). Records are appended by the gateway
 * (access) and {@link ChangeLog} (changes), never here.
 */
@ApplicationScoped
@RowScoped
public class AuditLog {

  @Inject AuditEventRepository events;

  @Transactional
  public AuditPage page(String tenant, int page, int size) {
    Pages.check(page, size);
    PanacheQuery<AuditEvent> query =
        InternalToken.PLATFORM_TENANT.equals(tenant)
            ? events.ofPlatform()
            : events.ofTenant(tenant);
    query.page(page, size);
    return new AuditPage(
        query.list().stream().map(AuditEvents::toRecord).toList(), page, size, query.count());
  }
}
