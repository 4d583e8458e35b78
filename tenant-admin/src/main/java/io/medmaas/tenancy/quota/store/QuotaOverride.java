package io.medmaas.tenancy.quota.store;

import io.medmaas.tenancy.quota.api.Limits;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A platform admin's overrides of a tenant's plan limits; a null column keeps the plan's. */
@Entity
@Table(name = "quota_override")
public class QuotaOverride {

  @Id
  @Column(name = "tenant_id")
  public String tenantId;

  @Embedded public LimitColumns limits;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt = Instant.now();

  /** The overrides; all null when none is set. */
  public Limits limits() {
    Limits set = LimitColumns.of(limits);
    return set != null ? set : new Limits(null, null, null, null, null, null);
  }

  public void set(Limits wanted) {
    limits = LimitColumns.from(wanted);
    updatedAt = Instant.now();
  }
}
