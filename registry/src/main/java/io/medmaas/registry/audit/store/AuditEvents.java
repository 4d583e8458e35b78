package io.medmaas.registry.audit.store;

import io.medmaas.common.audit.AuditRecord;

/** Maps an audit table row to the log's record. */
public final class AuditEvents {

  private AuditEvents() {}

  public static AuditRecord toRecord(AuditEvent e) {
    return new AuditRecord(
        e.id,
        e.kind,
        e.occurredAt,
        e.requestId,
        e.tenantId,
        e.subject,
        e.username,
        e.clientId,
        e.tokenId,
        e.clientAddress,
        e.action,
        e.model,
        e.modelVersion,
        e.outcome,
        e.problemType,
        e.latencyMs,
        e.inputDigest,
        e.beforeState,
        e.afterState,
        e.instances,
        e.source);
  }
}
