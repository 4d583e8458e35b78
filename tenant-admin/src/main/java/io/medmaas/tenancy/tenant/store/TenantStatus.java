package io.medmaas.tenancy.tenant.store;

/** Whether a tenant's tokens are accepted at the gateway. */
public enum TenantStatus {
  active,
  suspended
}
