package io.medmaas.gateway.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.caller.InternalToken;
import io.medmaas.gateway.GatewayConfig;
import io.medmaas.gateway.auth.InternalTokenMinter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The tenants whose tokens the gateway accepts, keyed by issuer: the hospitals from tenant-admin
 * (fetched at run time and refreshed) plus the platform realm from configuration.
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
  private volatile long fetchedAtNanos;
  private volatile long attemptedAtNanos;
  private volatile Uni<Void> pending;

  @PostConstruct
  void init() {
    client = WebClient.create(vertx);
    long longAgo = System.nanoTime() - java.time.Duration.ofDays(1).toNanos();
    fetchedAtNanos = longAgo;
    attemptedAtNanos = longAgo;
  }

  /** The tenant whose tokens {@code issuer} signs, fetching the list again when stale. */
  public Uni<Optional<KnownTenant>> forIssuer(String issuer) {
    Optional<KnownTenant> known = cached(issuer);
    long now = System.nanoTime();
    boolean wanted =
        known.isEmpty() || now - fetchedAtNanos > config.tenants().refreshAfter().toNanos();
    // one fetch per back-off period at most, whether tokens of unknown issuers or an unreachable
    // tenant-admin caused it
    boolean allowed = now - attemptedAtNanos > config.tenants().unknownIssuerBackoff().toNanos();
    if (!wanted) {
      return Uni.createFrom().item(known);
    }
    Uni<Void> fetch = pending;
    if (allowed || fetch == null) {
      attemptedAtNanos = now;
      fetch = refresh().memoize().indefinitely();
      pending = fetch;
    }
    // callers during a fetch wait for it instead of being refused with a half-empty list
    return fetch.map(ignored -> cached(issuer)).onFailure().recoverWithItem(known);
  }

  /** The tenant for an issuer from the last fetched list, without fetching. */
  public Optional<KnownTenant> cached(String issuer) {
    return Optional.ofNullable(byIssuer.get(issuer));
  }

  private Uni<Void> refresh() {
    return client
        .getAbs(config.upstream().tenantAdminUrl() + "/internal/tenants")
        .bearerTokenAuthentication(minter.serviceToken())
        .timeout(config.upstream().timeout().toMillis())
        .send()
        .map(
            response -> {
              if (response.statusCode() != 200) {
                throw new IllegalStateException("tenant-admin answered " + response.statusCode());
              }
              try {
                KnownTenant[] tenants =
                    json.readValue(response.bodyAsString(), KnownTenant[].class);
                install(List.of(tenants));
                return null;
              } catch (IOException e) {
                throw new IllegalStateException("unreadable tenant list", e);
              }
            })
        .onFailure()
        .invoke(e -> LOG.warnf("Could not refresh tenants: %s", e.getMessage()))
        .replaceWithVoid();
  }

  private void install(List<KnownTenant> tenants) {
    Map<String, KnownTenant> next = new HashMap<>();
    config
        .platform()
        .issuer()
        .ifPresent(
            issuer ->
                next.put(
                    issuer,
                    new KnownTenant(
                        InternalToken.PLATFORM_TENANT,
                        "medmaas platform",
                        issuer,
                        config.platform().audience(),
                        "active",
                        List.of())));
    for (KnownTenant tenant : tenants) {
      next.putIfAbsent(tenant.issuer(), tenant);
    }
    byIssuer = Map.copyOf(next);
    fetchedAtNanos = System.nanoTime();
  }
}
