package io.medmaas.gateway.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** The record the gateway appends to the registry's audit log. Never holds request content. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(
    Instant occurredAt,
    String requestId,
    String tenant,
    String subject,
    String action,
    String model,
    String modelVersion,
    int outcome,
    int latencyMs,
    String inputDigest) {}
