package io.medmaas.tenancy.quota.api;

/**
 * A change of a tenant's quota: a new plan, and/or new overrides (replacing the old ones: send {}
 * to drop them all; absent: keep them).
 */
public record QuotaRequest(String plan, Limits overrides) {}
