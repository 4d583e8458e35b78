package io.medmaas.tenancy.apikey.store;

import io.medmaas.tenancy.quota.store.LimitColumns;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A partner's API key: everything but its secret, of which only a keyed hash is kept. */
@Entity
@Table(name = "api_key")
public class ApiKey {

  /** The key's public id, the part of the key between {@code mk_live_} and the secret. */
  @Id public String id;

  @Column(name = "tenant_id", nullable = false)
  public String tenantId;

  @Column(nullable = false)
  public String name;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(nullable = false, columnDefinition = "text[]")
  public String[] scopes;

  /** The only models the key may use; null: any its scopes and its tenant allow. */
  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(columnDefinition = "text[]")
  public String[] models;

  @Column(name = "secret_hash", nullable = false)
  public String secretHash;

  @Column(name = "hash_key_id", nullable = false)
  public String hashKeyId;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt = Instant.now();

  /** Who created the key (the subject of the admin's token). */
  @Column(name = "created_by", nullable = false)
  public String createdBy;

  @Column(name = "expires_at", nullable = false)
  public Instant expiresAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  /** The key that replaced this one when it was rotated. */
  @Column(name = "rotated_to")
  public String rotatedTo;

  @Column(name = "last_used_at")
  public Instant lastUsedAt;

  /**
   * The first key of this key's chain of rotations (null: this one), whose bucket and counts this
   * key shares, so a rotation renews no allowance.
   */
  @Column(name = "lineage_id")
  public String lineageId;

  /** The id the gateway meters this key under: its chain's first key's. */
  public String lineage() {
    return lineageId != null ? lineageId : id;
  }

  /** The key's own limits, beside its tenant's; null: its tenant's only. */
  @Embedded public LimitColumns limits;

  /** Whether the gateway accepts the key at {@code now}. */
  public boolean usableAt(Instant now) {
    return revokedAt == null && now.isBefore(expiresAt);
  }
}
