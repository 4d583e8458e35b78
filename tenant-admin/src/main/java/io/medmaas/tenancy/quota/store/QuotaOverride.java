package io.medmaas.tenancy.quota.store;

import io.medmaas.tenancy.quota.api.Limits;
import jakarta.persistence.Column;
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

  @Column(name = "rate_per_second")
  public Double ratePerSecond;

  public Integer burst;

  @Column(name = "daily_instances")
  public Long dailyInstances;

  @Column(name = "monthly_instances")
  public Long monthlyInstances;

  @Column(name = "max_batch")
  public Integer maxBatch;

  @Column(name = "max_concurrent")
  public Integer maxConcurrent;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt = Instant.now();

  public Limits limits() {
    return new Limits(
        ratePerSecond, burst, dailyInstances, monthlyInstances, maxBatch, maxConcurrent);
  }

  public void set(Limits limits) {
    ratePerSecond = limits.ratePerSecond();
    burst = limits.burst();
    dailyInstances = limits.dailyInstances();
    monthlyInstances = limits.monthlyInstances();
    maxBatch = limits.maxBatch();
    maxConcurrent = limits.maxConcurrent();
    updatedAt = Instant.now();
  }
}
