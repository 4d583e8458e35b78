package io.medmaas.registry.audit.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.medmaas.registry.audit.store.AuditEvent;
import java.time.Instant;

/**
 * An audit record as written by the gateway and read by auditors. {@code inputDigest} is a keyed
 * HMAC of the request body, so identical inputs can be matched without storing them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
    Long id,
    Instant occurredAt,
    String requestId,
    String tenant,
    String subject,
    String action,
    String model,
    String modelVersion,
    int outcome,
    int latencyMs,
    String inputDigest) {

  public static AuditRecord from(AuditEvent e) {
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
        e.inputDigest);
  }

  public AuditEvent toEntity() {
    AuditEvent e = new AuditEvent();
    e.occurredAt = occurredAt == null ? Instant.now() : occurredAt;
    e.requestId = requestId;
    e.tenantId = tenant;
    e.subject = subject;
    e.action = action;
    e.model = model;
    e.modelVersion = modelVersion;
    e.outcome = outcome;
    e.latencyMs = latencyMs;
    e.inputDigest = inputDigest;
    return e;
  }
}
