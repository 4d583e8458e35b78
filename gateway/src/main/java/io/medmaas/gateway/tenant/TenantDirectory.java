package io.medmaas.gateway.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.caller.InternalToken;
import io.medmaas.gateway.GatewayConfig;
import io.medmaas.gateway.internal.InternalTokenMinter;
import io.medmaas.gateway.pipeline.ContextHandoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The tenants whose tokens the gateway accepts, keyed by issuer: the hospitals from tenant-admin
 * (fetched at run time and refreshed) plus the platform realm from configuration. Each change of
 * the list gets a new {@link #generation()}, so that what was derived from the old one (verified
 * tokens) is not reused.
 */
@ApplicationScoped
public class TenantDirectory {

  private static final Logger LOG = Logger.getLogger(TenantDirectory.class);

  @Inject GatewayConfig config;
  @Inject InternalTokenMinter minter;
  @Inject Vertx vertx;
  @Inject ObjectMapper json;

  private WebClient client;
  private volatile Map<String, KnownTenant> byIssuer = Map.of();
  private volatile Map<String, KnownTenant> byId = Map.of();
  private final AtomicLong generation = new AtomicLong();
  private volatile long fetchedAtNanos;
  private volatile long attemptedAtNanos;
  private volatile Future<Void> pending;
  private volatile boolean everFetched;
  private volatile boolean again;
  private final java.util.List<Runnable> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private final java.util.List<java.util.function.Consumer<String>> keyListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Runs {@code listener} on every tenant-admin event (what else is derived from tenant-admin). */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Runs {@code listener} with the key's id when one API key changed. */
  public void onKeyChange(java.util.function.Consumer<String> listener) {
    keyListeners.add(listener);
  }

  /**
   * One API key changed (created, rotated, revoked): only what was derived from it is dropped; the
   * tenant list stays as it is.
   */
  public void keyChanged(String keyId) {
    keyListeners.forEach(listener -> listener.accept(keyId));
  }

  @PostConstruct
  void init() {
    client = WebClient.create(vertx);
    long longAgo = System.nanoTime() - Duration.ofDays(1).toNanos();
    fetchedAtNanos = longAgo;
    attemptedAtNanos = longAgo;
    // the platform's own realm is configuration: known even before tenant-admin answers
    byIssuer = Map.copyOf(withPlatform(new HashMap<>()));
  }

  /** The tenant whose tokens {@code issuer} signs, fetching the list again when stale. */
  public Future<Optional<KnownTenant>> forIssuer(String issuer) {
    return find(() -> cached(issuer));
  }

  /** A hospital's tenant by its id (an API key's), fetching the list again when stale. */
  public Future<Optional<KnownTenant>> forId(String id) {
    return find(() -> cachedById(id));
  }

  private Future<Optional<KnownTenant>> find(
      java.util.function.Supplier<Optional<KnownTenant>> lookup) {
    Optional<KnownTenant> known = lookup.get();
    long now = System.nanoTime();
    boolean wanted =
        known.isEmpty() || now - fetchedAtNanos > config.tenants().refreshAfter().toNanos();
    if (!wanted) {
      return Future.succeededFuture(known);
    }
    // one fetch per back-off period at most, whether tokens of unknown issuers or an unreachable
    // tenant-admin caused it
    boolean allowed = now - attemptedAtNanos > config.tenants().unknownIssuerBackoff().toNanos();
    Future<Void> fetch = pending;
    if (allowed || fetch == null) {
      attemptedAtNanos = now;
      fetch = refresh();
      pending = fetch;
    }
    if (known.isPresent() && !fetch.isComplete()) {
      return Future.succeededFuture(known); // a stale but known tenant does not wait
    }
    // callers of unknown issuers wait for the fetch instead of being refused with a stale list
    return ContextHandoff.onCallersContext(fetch)
        .map(ignored -> lookup.get())
        .recover(
            e ->
                known.isPresent() || everFetched
                    ? Future.succeededFuture(known)
                    : Future.failedFuture(new TenantsUnknown()));
  }

  /** The tenant list has never been fetched: no hospital's token can be checked yet. */
  public static final class TenantsUnknown extends RuntimeException {
    TenantsUnknown() {
      super("the tenant list is not known yet", null, false, false);
    }
  }

  /** A hospital's tenant by its id from the last fetched list (an API key's), without fetching. */
  public Optional<KnownTenant> cachedById(String id) {
    if (InternalToken.PLATFORM_TENANT.equals(id)) {
      return Optional.empty(); // the platform's own users have no API keys
    }
    return Optional.ofNullable(byId.get(id));
  }

  /** The tenant for an issuer from the last fetched list, without fetching. */
  public Optional<KnownTenant> cached(String issuer) {
    return Optional.ofNullable(byIssuer.get(issuer));
  }

  /**
   * A tenant changed (a tenant-admin event): the list is fetched again now, and until it arrives it
   * counts as stale, so a request that finds it stale starts no second fetch of its own.
   */
  public void changed() {
    listeners.forEach(Runnable::run);
    long longAgo = System.nanoTime() - Duration.ofDays(1).toNanos();
    fetchedAtNanos = longAgo;
    Future<Void> inFlight = pending;
    if (inFlight != null && !inFlight.isComplete()) {
      // a fetch under way may have been answered before the change: one more after it, and only
      // one however many events arrive meanwhile
      if (!again) {
        again = true;
        inFlight.onComplete(
            done -> {
              again = false;
              changed();
            });
      }
      return;
    }
    attemptedAtNanos = System.nanoTime();
    pending = refresh();
  }

  /** Changes each time the list changes. */
  public long generation() {
    return generation.get();
  }

  private Future<Void> refresh() {
    return client
        .getAbs(config.upstream().tenantAdminUrl() + "/internal/directory/tenants")
        .bearerTokenAuthentication(minter.serviceToken())
        .timeout(config.upstream().timeout().toMillis())
        .send()
        .<Void>map(
            response -> {
              if (response.statusCode() != 200) {
                throw new IllegalStateException("tenant-admin answered " + response.statusCode());
              }
              try {
                install(List.of(json.readValue(response.bodyAsString(), KnownTenant[].class)));
                return null;
              } catch (IOException e) {
                throw new IllegalStateException("unreadable tenant list", e);
              }
            })
        .onFailure(e -> LOG.warnf("Could not refresh tenants: %s", e.getMessage()));
  }

  private void install(List<KnownTenant> tenants) {
    Map<String, KnownTenant> next = withPlatform(new HashMap<>());
    for (KnownTenant tenant : tenants) {
      if (InternalToken.PLATFORM_TENANT.equals(tenant.id())) {
        // the platform's id is reserved: its roles come only from the configured platform realm
        LOG.warnf(
            "Ignoring a tenant named %s in tenant-admin's list", InternalToken.PLATFORM_TENANT);
        continue;
      }
      next.putIfAbsent(tenant.issuer(), tenant);
    }
    Map<String, KnownTenant> installed = Map.copyOf(next);
    if (!installed.equals(byIssuer)) {
      Map<String, KnownTenant> ids = new HashMap<>();
      installed.values().forEach(tenant -> ids.putIfAbsent(tenant.id(), tenant));
      byId = Map.copyOf(ids);
      byIssuer = installed;
      generation.incrementAndGet();
    }
    everFetched = true;
    fetchedAtNanos = System.nanoTime();
  }

  private Map<String, KnownTenant> withPlatform(Map<String, KnownTenant> tenants) {
    config
        .platform()
        .issuer()
        .ifPresent(
            issuer ->
                tenants.put(
                    issuer,
                    new KnownTenant(
                        InternalToken.PLATFORM_TENANT,
                        "medmaas platform",
                        issuer,
                        List.of(config.platform().audience()),
                        KnownTenant.DEFAULT_ROLES_CLAIM,
                        "active",
                        List.of(),
                        null,
                        null)));
    return tenants;
  }
}
