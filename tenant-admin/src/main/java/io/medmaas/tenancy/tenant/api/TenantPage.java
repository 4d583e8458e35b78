package io.medmaas.tenancy.tenant.api;

import java.util.List;

/** One page of tenants, by id. */
public record TenantPage(List<TenantView> items, int page, int size, long total) {}
