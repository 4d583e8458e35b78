package io.medmaas.tenancy.apikey.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.medmaas.tenancy.apikey.store.ApiKey;
import io.medmaas.tenancy.quota.api.Limits;
import io.medmaas.tenancy.quota.store.LimitColumns;
import java.time.Instant;
import java.util.List;

/**
 * An API key as listed and as its change records hold it: never its secret or the secret's hash.
 *
 * @param prefix how the key starts ({@code mk_live_<id>_}), to recognise it among others
 * @param status {@code active}, {@code expired} or {@code revoked}
 * @param limits the key's own limits (absent: its tenant's only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyView(
    String id,
    String tenant,
    String name,
    String prefix,
    List<String> scopes,
    List<String> models,
    String status,
    Instant createdAt,
    String createdBy,
    Instant expiresAt,
    Instant revokedAt,
    String rotatedTo,
    Instant lastUsedAt,
    Limits limits) {

  public static ApiKeyView from(ApiKey key, Instant now) {
    String status =
        key.revokedAt != null ? "revoked" : now.isBefore(key.expiresAt) ? "active" : "expired";
    return new ApiKeyView(
        key.id,
        key.tenantId,
        key.name,
        io.medmaas.common.apikey.ApiKeyFormat.PREFIX + key.id + "_",
        List.of(key.scopes),
        key.models == null ? null : List.of(key.models),
        status,
        key.createdAt,
        key.createdBy,
        key.expiresAt,
        key.revokedAt,
        key.rotatedTo,
        key.lastUsedAt,
        LimitColumns.of(key.limits));
  }
}
