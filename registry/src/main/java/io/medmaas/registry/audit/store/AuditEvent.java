package io.medmaas.registry.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/**
 * A row of the append-only audit log, mapped for reading only: rows are written through {@link
 * io.medmaas.common.audit.AuditTable}'s one statement.
 */
@Entity
@Table(name = "audit_event")
@Immutable
public class AuditEvent {

  /** The chain the record is a link of (its tenant, or '' for none), made by the database. */
  @Column(insertable = false, updatable = false)
  public String chain;

  @Column(name = "chain_seq", insertable = false, updatable = false)
  public Long chainSeq;

  @Column(name = "prev_hash", insertable = false, updatable = false)
  public String prevHash;

  @Column(insertable = false, updatable = false)
  public String hash;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  /** access or change. */
  @Column(nullable = false)
  public String kind;

  @Column(name = "occurred_at", nullable = false)
  public Instant occurredAt;

  @Column(name = "recorded_at", nullable = false, insertable = false, updatable = false)
  public Instant recordedAt;

  @Column(name = "request_id", nullable = false)
  public String requestId;

  @Column(name = "tenant_id")
  public String tenantId;

  public String subject;

  public String username;

  @Column(name = "client_id")
  public String clientId;

  @Column(name = "token_id")
  public String tokenId;

  @Column(name = "client_address")
  public String clientAddress;

  @Column(nullable = false)
  public String action;

  public String model;

  @Column(name = "model_version")
  public String modelVersion;

  @Column(nullable = false)
  public int outcome;

  @Column(name = "problem_type")
  public String problemType;

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

  /** For predictions, how many instances the answer held. */
  public Integer instances;

  /** The service and node that wrote the record; null in records older than V13. */
  public String source;
}
