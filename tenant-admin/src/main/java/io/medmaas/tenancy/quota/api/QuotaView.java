package io.medmaas.tenancy.quota.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A tenant's quota: its plan, the overrides a platform admin set (absent: none), and the limits
 * that result, which the gateway enforces.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuotaView(String tenant, String plan, Limits overrides, Limits effective) {}
