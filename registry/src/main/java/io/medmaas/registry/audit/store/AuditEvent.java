package io.medmaas.registry.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One access to the platform's API, as recorded in the append-only audit log. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "occurred_at", nullable = false)
  public Instant occurredAt;

  @Column(name = "recorded_at", nullable = false, insertable = false, updatable = false)
  public Instant recordedAt;

  @Column(name = "request_id", nullable = false)
  public String requestId;

  @Column(name = "tenant_id")
  public String tenantId;

  public String subject;

  @Column(nullable = false)
  public String action;

  public String model;

  @Column(name = "model_version")
  public String modelVersion;

  @Column(nullable = false)
  public int outcome;

  @Column(name = "latency_ms", nullable = false)
  public int latencyMs;

  @Column(name = "input_digest")
  public String inputDigest;

  /** For change records: the state before the change (never patient data). */
  @Column(name = "before_state")
  public String beforeState;

  /** For change records: the state after the change. */
  @Column(name = "after_state")
  public String afterState;
}
