package io.medmaas.tenancy.apikey.service;

import io.medmaas.common.access.Action;
import io.medmaas.common.apikey.ApiKeyFormat;
import io.medmaas.common.apikey.ApiKeyScopes;
import io.medmaas.common.caller.Caller;
import io.medmaas.common.naming.Names;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.tenancy.apikey.api.ApiKeyRequest;
import io.medmaas.tenancy.apikey.api.ApiKeyView;
import io.medmaas.tenancy.apikey.api.CreatedApiKey;
import io.medmaas.tenancy.apikey.api.RotationRequest;
import io.medmaas.tenancy.apikey.store.ApiKey;
import io.medmaas.tenancy.apikey.store.ApiKeyRepository;
import io.medmaas.tenancy.audit.ChangeLog;
import io.medmaas.tenancy.quota.api.Limits;
import io.medmaas.tenancy.quota.store.LimitColumns;
import io.medmaas.tenancy.rows.TenantRows;
import io.medmaas.tenancy.tenant.service.TenantEvents;
import io.medmaas.tenancy.tenant.service.TenantScope;
import io.medmaas.tenancy.tenant.store.Tenant;
import io.medmaas.tenancy.tenant.store.TenantStatus;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Partners' API keys of a tenant: created (the secret shown once), listed (never the secret),
 * rotated (the new key answers at once, the old one until the end of the overlap) and revoked. Each
 * change commits with its change record and is announced at once, so every gateway stops accepting
 * a revoked key within moments. A hospital's admins manage their own tenant's keys, the platform's
 * admins any tenant's; the rows are the tenant's under row-level security too.
 */
@ApplicationScoped
public class ApiKeyAdministration {

  static final int MAX_NAME = 100;
  static final int MAX_SCOPES = 16;
  static final int MAX_MODELS = 64;
  static final Duration DEFAULT_OVERLAP = Duration.ofDays(1);
  static final int MAX_ACTIVE_KEYS = 100;

  @Inject ApiKeyRepository keys;
  @Inject ApiKeyHashing hashing;
  @Inject TenantScope scope;
  @Inject TenantRows rows;
  @Inject ChangeLog changes;
  @Inject TenantEvents events;
  @Inject Caller caller;

  /** The longest a key may live. */
  @ConfigProperty(name = "medmaas.api-keys.max-lifetime", defaultValue = "P366D")
  Duration maxLifetime;

  /** The longest a rotated key may keep working beside its successor. */
  @ConfigProperty(name = "medmaas.api-keys.max-overlap", defaultValue = "P7D")
  Duration maxOverlap;

  @Transactional
  public CreatedApiKey create(String tenantId, ApiKeyRequest request) {
    activeTenant(tenantId); // another tenant's admin learns nothing from the fields: 404 first
    if (request == null) {
      throw invalid("A JSON object is required");
    }
    Instant now = Instant.now();
    String name = name(request.name());
    String[] scopes = scopes(request.scopes());
    String[] models = models(request.models());
    Instant expiresAt = expiry(request.expiresAt(), now);
    LimitColumns limits =
        LimitColumns.from(request.limits() == null ? null : request.limits().checked());
    rows.scopeTo(tenantId);
    if (keys.count("tenantId = ?1 and revokedAt is null and expiresAt > ?2", tenantId, now)
        >= MAX_ACTIVE_KEYS) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "The tenant has " + MAX_ACTIVE_KEYS + " active keys, the most it may; revoke one first");
    }
    CreatedApiKey created = mint(tenantId, name, scopes, models, expiresAt, limits, null, now);
    changes.record(caller, Action.API_KEY_CREATE, tenantId, null, created.key());
    events.keyChanged(tenantId, created.key().id());
    return created;
  }

  @Transactional
  public List<ApiKeyView> list(String tenantId) {
    scope.visible(tenantId);
    rows.scopeTo(tenantId);
    Instant now = Instant.now();
    return keys.list("tenantId", Sort.descending("createdAt"), tenantId).stream()
        .map(key -> ApiKeyView.from(key, now))
        .toList();
  }

  /**
   * A new key with the old one's name, scopes, models, limits and expiry; the old one keeps working
   * for the overlap (default one day, at most {@code medmaas.api-keys.max-overlap}), then stops.
   */
  @Transactional
  public CreatedApiKey rotate(String tenantId, String keyId, RotationRequest request) {
    Instant now = Instant.now();
    Duration overlap = overlap(request == null ? null : request.overlapSeconds());
    activeTenant(tenantId);
    rows.scopeTo(tenantId);
    ApiKey old = find(tenantId, keyId);
    if (!old.usableAt(now) || old.rotatedTo != null) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Only an active key that was not rotated before can be rotated; create a new one");
    }
    ApiKeyView before = ApiKeyView.from(old, now);
    CreatedApiKey created =
        mint(
            tenantId,
            old.name,
            old.scopes,
            old.models,
            old.expiresAt,
            LimitColumns.from(LimitColumns.of(old.limits)),
            old.lineage(),
            now);
    Instant overlapEnds = now.plus(overlap);
    if (overlapEnds.isBefore(old.expiresAt)) {
      old.expiresAt = overlapEnds;
    }
    old.rotatedTo = created.key().id();
    changes.record(
        caller,
        Action.API_KEY_ROTATE,
        tenantId,
        before,
        Map.of("old", ApiKeyView.from(old, now), "new", created.key()));
    events.keyChanged(tenantId, old.id);
    events.keyChanged(tenantId, created.key().id());
    return created;
  }

  /**
   * Replaces a key's own limits (none: its tenant's only); every gateway holds it to them within
   * moments. A revoked or expired key's limits no longer change anything, and cannot be set.
   */
  @Transactional
  public ApiKeyView limit(String tenantId, String keyId, Limits wanted) {
    activeTenant(tenantId);
    if (wanted == null) {
      throw invalid("A JSON object is required ({} for no limits of the key's own)");
    }
    LimitColumns limits = LimitColumns.from(wanted.checked());
    rows.scopeTo(tenantId);
    ApiKey key = find(tenantId, keyId);
    Instant now = Instant.now();
    if (!key.usableAt(now)) {
      throw new ProblemException(
          ProblemType.CONFLICT, "Only an active key's limits can be set; this one is not active");
    }
    ApiKeyView before = ApiKeyView.from(key, now);
    key.limits = limits;
    ApiKeyView after = ApiKeyView.from(key, now);
    if (!after.equals(before)) {
      changes.record(caller, Action.API_KEY_LIMIT, tenantId, before, after);
      events.keyChanged(tenantId, key.id);
    }
    return after;
  }

  /** Revokes a key at once; revoking a revoked key changes nothing. */
  @Transactional
  public void revoke(String tenantId, String keyId) {
    scope.visible(tenantId);
    rows.scopeTo(tenantId);
    ApiKey key = find(tenantId, keyId);
    if (key.revokedAt != null) {
      return;
    }
    Instant now = Instant.now();
    ApiKeyView before = ApiKeyView.from(key, now);
    key.revokedAt = now;
    changes.record(caller, Action.API_KEY_REVOKE, tenantId, before, ApiKeyView.from(key, now));
    events.keyChanged(tenantId, key.id);
  }

  private CreatedApiKey mint(
      String tenantId,
      String name,
      String[] scopes,
      String[] models,
      Instant expiresAt,
      LimitColumns limits,
      String lineage,
      Instant now) {
    ApiKey key = new ApiKey();
    do {
      key.id = ApiKeyFormat.newKeyId();
    } while (keys.findByIdOptional(key.id).isPresent());
    String secret = ApiKeyFormat.newSecret();
    key.tenantId = tenantId;
    key.name = name;
    key.scopes = scopes;
    key.models = models;
    key.secretHash = hashing.hash(secret);
    key.hashKeyId = hashing.keyId();
    key.createdAt = now;
    key.createdBy = caller.subject();
    key.expiresAt = expiresAt;
    key.limits = limits;
    key.lineageId = lineage;
    keys.persist(key);
    return new CreatedApiKey(ApiKeyView.from(key, now), ApiKeyFormat.compose(key.id, secret));
  }

  private ApiKey find(String tenantId, String keyId) {
    if (keyId == null || !keyId.matches("[0-9A-Za-z]{12}")) {
      throw ProblemException.notFound("API key");
    }
    // locked: a rotation and a revocation of one key are made one after the other, so neither
    // writes back a state the other changed (a rotation must never undo a revocation)
    return keys.findByIdOptional(keyId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
        .filter(key -> key.tenantId.equals(tenantId))
        .orElseThrow(() -> ProblemException.notFound("API key"));
  }

  /** The tenant, which must be one the caller may see and one whose keys can work. */
  private void activeTenant(String tenantId) {
    Tenant tenant = scope.visible(tenantId);
    if (tenant.status != TenantStatus.active) {
      throw new ProblemException(
          ProblemType.CONFLICT, "The tenant is " + tenant.status + "; its keys cannot be issued");
    }
  }

  private static String name(String value) {
    if (value == null
        || value.isBlank()
        || value.length() > MAX_NAME
        || value.codePoints().anyMatch(Character::isISOControl)) {
      throw invalid("name must be 1 to " + MAX_NAME + " printable characters");
    }
    return value.strip();
  }

  private static String[] scopes(List<String> values) {
    if (values == null || values.isEmpty() || values.size() > MAX_SCOPES) {
      throw invalid("scopes must list 1 to " + MAX_SCOPES + " scopes");
    }
    for (String scope : values) {
      if (!ApiKeyScopes.valid(scope)) {
        throw invalid(
            "each scope must be one of predict, predict:<model>, models:read, audit:read");
      }
    }
    return values.stream().distinct().toArray(String[]::new);
  }

  private static String[] models(List<String> values) {
    if (values == null) {
      return null;
    }
    if (values.isEmpty() || values.size() > MAX_MODELS) {
      throw invalid("models, when given, must list 1 to " + MAX_MODELS + " model names");
    }
    for (String model : values) {
      if (model == null || !Names.isModel(model)) {
        throw invalid("each of models must be a model name");
      }
    }
    return values.stream().distinct().toArray(String[]::new);
  }

  private Instant expiry(Instant value, Instant now) {
    if (value == null) {
      throw invalid("expiresAt is required (an ISO-8601 instant)");
    }
    if (!value.isAfter(now)) {
      throw invalid("expiresAt must be in the future");
    }
    if (value.isAfter(now.plus(maxLifetime))) {
      throw invalid("expiresAt may be at most " + maxLifetime.toDays() + " days from now");
    }
    return value.truncatedTo(ChronoUnit.SECONDS);
  }

  private Duration overlap(Long seconds) {
    if (seconds == null) {
      return DEFAULT_OVERLAP.compareTo(maxOverlap) <= 0 ? DEFAULT_OVERLAP : maxOverlap;
    }
    if (seconds < 0 || seconds > maxOverlap.toSeconds()) {
      throw invalid("overlapSeconds must be between 0 and " + maxOverlap.toSeconds());
    }
    return Duration.ofSeconds(seconds);
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_INPUT, detail);
  }
}
