package io.medmaas.tenancy.tenant.store;

import io.medmaas.tenancy.quota.api.Limits;

/**
 * The subscription plans; each gives a tenant its default limits (a platform admin may override any
 * of them per tenant): a request rate with a burst, daily and monthly prediction quotas
 * (instances), the largest batch and the most concurrent requests.
 */
public enum Plan {
  trial(new Limits(5.0, 10, 1_000L, 10_000L, 16, 4)),
  standard(new Limits(50.0, 100, 100_000L, 2_000_000L, 64, 32)),
  enterprise(new Limits(500.0, 1_000, 10_000_000L, 200_000_000L, 64, 256));

  private final Limits limits;

  Plan(Limits limits) {
    this.limits = limits;
  }

  public Limits limits() {
    return limits;
  }
}
