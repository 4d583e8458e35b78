package io.medmaas.tenancy.tenant.store;

/** The subscription plans; each gives a tenant its default limits. */
public enum Plan {
  trial,
  standard,
  enterprise
}
