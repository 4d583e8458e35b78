package io.medmaas.registry.audit.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** The audit log's rows, for reading (searches build their queries in {@code AuditLog}). */
@ApplicationScoped
public class AuditEventRepository implements PanacheRepository<AuditEvent> {}
