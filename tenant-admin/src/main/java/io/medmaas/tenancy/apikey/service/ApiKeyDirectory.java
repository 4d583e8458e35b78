package io.medmaas.tenancy.apikey.service;

import io.medmaas.common.problem.ProblemException;
import io.medmaas.tenancy.apikey.api.DirectoryKey;
import io.medmaas.tenancy.apikey.store.ApiKeyRepository;
import io.medmaas.tenancy.rows.TenantRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;

/** The gateway's view of API keys: a key by its id, and when keys were last used. */
@ApplicationScoped
public class ApiKeyDirectory {

  static final int MAX_REPORTED = 10_000;

  @Inject ApiKeyRepository keys;
  @Inject TenantRows rows;

  @Transactional
  public DirectoryKey lookup(String keyId) {
    if (keyId == null || !keyId.matches("[0-9A-Za-z]{12}")) {
      throw ProblemException.notFound("API key");
    }
    rows.scopeTo(TenantRows.PLATFORM_WORK);
    return keys.findByIdOptional(keyId)
        .map(DirectoryKey::from)
        .orElseThrow(() -> ProblemException.notFound("API key"));
  }

  /** Records when keys were last used; a time earlier than the one kept changes nothing. */
  @Transactional
  public void used(Map<String, Instant> lastUsed) {
    rows.scopeTo(TenantRows.PLATFORM_WORK);
    lastUsed.entrySet().stream()
        .limit(MAX_REPORTED)
        .filter(
            e ->
                e.getKey() != null && e.getKey().matches("[0-9A-Za-z]{12}") && e.getValue() != null)
        .forEach(
            e ->
                keys.update(
                    "lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?1)",
                    e.getValue(),
                    e.getKey()));
  }
}
