package io.medmaas.common.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One access record of the audit log: what the gateway appends and what auditors read. It never
 * holds request content: {@code inputDigest} is a keyed HMAC of the request body, so identical
 * inputs can be matched without being stored.
 *
 * @param id assigned by the registry when appended; null when writing
 * @param tenant null when the caller was not authenticated
 * @param before for change records written by the registry: the state before the change
 * @param after for change records: the state after the change
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
    String inputDigest,
    String before,
    String after) {

  /** An access record, as the gateway writes it (no before/after). */
  public static AuditRecord access(
      java.time.Instant occurredAt,
      String requestId,
      String tenant,
      String subject,
      String action,
      String model,
      String modelVersion,
      int outcome,
      int latencyMs,
      String inputDigest) {
    return new AuditRecord(
        null,
        occurredAt,
        requestId,
        tenant,
        subject,
        action,
        model,
        modelVersion,
        outcome,
        latencyMs,
        inputDigest,
        null,
        null);
  }
}
