package io.medmaas.gateway.apikey;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.gateway.GatewayConfig;
import io.medmaas.gateway.internal.InternalTokenMinter;
import io.medmaas.gateway.pipeline.ContextHandoff;
import io.medmaas.gateway.tenant.TenantDirectory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys by id, fetched from tenant-admin's directory and kept for a short while: a found key for
 * {@value #KEEP_FOUND_MILLIS} ms, a missing id for {@value #KEEP_MISSING_MILLIS} ms (so a flood of
 * made-up ids costs one look-up each per period, and the throttle of failed credentials stops the
 * flood). Every tenancy event (a key created, rotated or revoked, a tenant changed) empties the
 * cache, so a revoked key is refused within moments on every gateway.
 */
@ApplicationScoped
public class KeyDirectory {

  static final long KEEP_FOUND_MILLIS = 30_000;
  static final long KEEP_MISSING_MILLIS = 5_000;
  static final int MAX_KEPT = 10_000;

  /** A look-up's answer, kept until {@code untilMillis}, valid only in its {@code epoch}. */
  private record Kept(Optional<KnownKey> key, long untilMillis, long epoch) {}

  @Inject GatewayConfig config;
  @Inject InternalTokenMinter minter;
  @Inject Vertx vertx;
  @Inject ObjectMapper json;
  @Inject TenantDirectory tenants;

  private WebClient client;
  private final Map<String, Kept> kept = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong epoch =
      new java.util.concurrent.atomic.AtomicLong();

  @PostConstruct
  void init() {
    client = WebClient.create(vertx);
    tenants.onChange(this::forget);
    tenants.onKeyChange(this::forget);
  }

  /** The key with this id, if tenant-admin knows it. */
  public Future<Optional<KnownKey>> lookup(String keyId) {
    long now = System.currentTimeMillis();
    long asked = epoch.get();
    Kept hit = kept.get(keyId);
    if (hit != null && hit.untilMillis > now && hit.epoch == asked) {
      return Future.succeededFuture(hit.key);
    }
    Future<Optional<KnownKey>> fetched =
        client
            .getAbs(config.upstream().tenantAdminUrl() + "/internal/directory/api-keys/" + keyId)
            .bearerTokenAuthentication(minter.serviceToken())
            .timeout(config.upstream().timeout().toMillis())
            .send()
            .map(
                response -> {
                  if (response.statusCode() == 404) {
                    return Optional.<KnownKey>empty();
                  }
                  if (response.statusCode() != 200) {
                    throw new IllegalStateException(
                        "tenant-admin answered " + response.statusCode());
                  }
                  try {
                    return Optional.of(json.readValue(response.bodyAsString(), KnownKey.class));
                  } catch (IOException e) {
                    throw new IllegalStateException("unreadable key", e);
                  }
                })
            .onSuccess(
                key -> {
                  if (epoch.get() != asked) {
                    return; // fetched across a change: used once, not kept
                  }
                  if (kept.size() >= MAX_KEPT) {
                    kept.clear();
                  }
                  long keep = key.isPresent() ? KEEP_FOUND_MILLIS : KEEP_MISSING_MILLIS;
                  // an answer fetched across a change is kept under the old epoch, so never used
                  kept.put(keyId, new Kept(key, System.currentTimeMillis() + keep, asked));
                });
    return ContextHandoff.onCallersContext(fetched);
  }

  /** One key changed (created, rotated, revoked): it is looked up again when next presented. */
  public void forget(String keyId) {
    epoch.incrementAndGet();
    kept.remove(keyId);
  }

  /** Something in tenant-admin changed: every key is looked up again when next presented. */
  public void forget() {
    epoch.incrementAndGet();
    kept.clear();
  }
}
