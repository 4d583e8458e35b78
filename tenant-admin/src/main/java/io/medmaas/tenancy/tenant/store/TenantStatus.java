package io.medmaas.tenancy.tenant.store;

/**
 * Whether a tenant's tokens and keys are accepted at the gateway: only an {@code active} one's. A
 * {@code deleted} tenant keeps its row (and its id) for the audit retention period.
 */
public enum TenantStatus {
  active,
  suspended,
  deleted
}
