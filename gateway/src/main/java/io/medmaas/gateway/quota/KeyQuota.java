package io.medmaas.gateway.quota;

import io.medmaas.gateway.pipeline.GatewayCaller;
import io.medmaas.gateway.tenant.KnownTenant;

/**
 * A partner key's own limits as the quota stage applies them beside its tenant's; each null when
 * the key has none of that kind (a token's caller has none at all). A key with a rate and no burst
 * may take one second's worth at once; one with a burst and no rate refills at its tenant's rate.
 * Its batch limit is the tighter of its own and its tenant's. {@code id} is what it is counted
 * under: the first key of its chain of rotations, so a rotation renews no allowance.
 */
record KeyQuota(
    String id,
    Double ratePerSecond,
    Integer burst,
    Long dailyInstances,
    Long monthlyInstances,
    int maxBatch,
    Integer maxConcurrent) {

  static KeyQuota of(GatewayCaller caller, KnownTenant.QuotaLimits tenant) {
    GatewayCaller.KeyLimits own = caller.key() == null ? null : caller.key().limits();
    if (own == null) {
      return new KeyQuota(null, null, null, null, null, tenant.maxBatch(), null);
    }
    Double rate =
        own.ratePerSecond() != null
            ? own.ratePerSecond()
            : own.burst() != null ? Double.valueOf(tenant.ratePerSecond()) : null;
    Integer burst =
        own.burst() != null
            ? own.burst()
            : rate != null ? Integer.valueOf((int) Math.max(1, Math.ceil(rate))) : null;
    int maxBatch =
        own.maxBatch() != null ? Math.min(own.maxBatch(), tenant.maxBatch()) : tenant.maxBatch();
    return new KeyQuota(
        caller.key().meteredAs(),
        rate,
        burst,
        own.dailyInstances(),
        own.monthlyInstances(),
        maxBatch,
        own.maxConcurrent());
  }

  boolean limitsRate() {
    return ratePerSecond != null;
  }

  boolean limitsConcurrency() {
    return maxConcurrent != null;
  }

  boolean limitsPredictions() {
    return dailyInstances != null || monthlyInstances != null;
  }
}
