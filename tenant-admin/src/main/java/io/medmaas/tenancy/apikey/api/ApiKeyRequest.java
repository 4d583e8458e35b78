package io.medmaas.tenancy.apikey.api;

import io.medmaas.tenancy.quota.api.Limits;
import java.time.Instant;
import java.util.List;

/**
 * A new key: a name, its scopes ({@code predict}, {@code predict:<model>}, {@code models:read},
 * {@code audit:read}), when it expires (required) and, optionally, the only models it may use and
 * limits of its own (held beside its tenant's: the tighter holds).
 */
public record ApiKeyRequest(
    String name, List<String> scopes, Instant expiresAt, List<String> models, Limits limits) {}
