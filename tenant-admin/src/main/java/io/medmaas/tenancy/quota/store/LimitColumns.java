package io.medmaas.tenancy.quota.store;

import io.medmaas.tenancy.quota.api.Limits;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** The six limit columns a tenant's override and a partner's key both have; null: not set. */
@Embeddable
public class LimitColumns {

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

  /** The limits these columns hold; null for none (as Hibernate leaves an all-null embeddable). */
  public static Limits of(LimitColumns columns) {
    return columns == null
        ? null
        : new Limits(
            columns.ratePerSecond,
            columns.burst,
            columns.dailyInstances,
            columns.monthlyInstances,
            columns.maxBatch,
            columns.maxConcurrent);
  }

  /** Columns holding {@code limits}; null for none. */
  public static LimitColumns from(Limits limits) {
    if (limits == null || limits.none()) {
      return null;
    }
    LimitColumns columns = new LimitColumns();
    columns.ratePerSecond = limits.ratePerSecond();
    columns.burst = limits.burst();
    columns.dailyInstances = limits.dailyInstances();
    columns.monthlyInstances = limits.monthlyInstances();
    columns.maxBatch = limits.maxBatch();
    columns.maxConcurrent = limits.maxConcurrent();
    return columns;
  }
}
