package io.medmaas.tenancy.apikey.api;

import io.medmaas.tenancy.apikey.store.ApiKey;
import io.medmaas.tenancy.quota.api.Limits;
import io.medmaas.tenancy.quota.store.LimitColumns;
import java.time.Instant;
import java.util.List;

/**
 * A key as the gateway checks it: whose, what it may do, until when, and the keyed hash its secret
 * must match, its own limits (null: its tenant's only) and the lineage it is metered under (the
 * first key of its chain of rotations). Only the gateway's own token reads this.
 */
public record DirectoryKey(
    String id,
    String tenant,
    List<String> scopes,
    List<String> models,
    String secretHash,
    String hashKeyId,
    Instant expiresAt,
    boolean revoked,
    Limits limits,
    String lineage) {

  public static DirectoryKey from(ApiKey key) {
    return new DirectoryKey(
        key.id,
        key.tenantId,
        List.of(key.scopes),
        key.models == null ? null : List.of(key.models),
        key.secretHash,
        key.hashKeyId,
        key.expiresAt,
        key.revokedAt != null,
        LimitColumns.of(key.limits),
        key.lineage());
  }
}
