package io.medmaas.registry.audit.store;

import io.medmaas.common.audit.AuditRecord;
import java.time.Instant;

/** Maps between the audit log's wire record and its table row. */
public final class AuditEvents {

  private AuditEvents() {}

  public static AuditRecord toRecord(AuditEvent e) {
    return new AuditRecord(
        e.id,
        e.occurredAt,
        e.requestId,
        e.tenantId,
        e.subject,
        e.action,
        e.model,
        e.modelVersion,
        e.outcome,
        e.latencyMs,
        e.inputDigest,
        e.beforeState,
        e.afterState);
  }

  public static AuditEvent toEntity(AuditRecord r) {
    AuditEvent e = new AuditEvent();
    e.occurredAt = r.occurredAt() == null ? Instant.now() : r.occurredAt();
    e.requestId = r.requestId();
    e.tenantId = r.tenant();
    e.subject = r.subject();
    e.action = r.action();
    e.model = r.model();
    e.modelVersion = r.modelVersion();
    e.outcome = r.outcome();
    e.latencyMs = r.latencyMs();
    e.inputDigest = r.inputDigest();
    return e;
  }
}
