package io.medmaas.gateway.tenant;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Listens on tenant-admin's PostgreSQL channel ({@code medmaas_tenancy}) with the gateway's own
 * database login (LISTEN needs no table right): when a tenant's entitlements or status change, the
 * tenant list is fetched again at once, so a withdrawal reaches the next request within moments
 * instead of at the next periodic refresh (which stays as the safety net).
 */
@ApplicationScoped
public class TenantEvents {

  static final String CHANNEL = "medmaas_tenancy";
  private static final Logger LOG = Logger.getLogger(TenantEvents.class);
  private static final long RECONNECT_MILLIS = 2_000;

  @Inject Vertx vertx;
  @Inject TenantDirectory directory;

  @ConfigProperty(name = "quarkus.datasource.reactive.url")
  String url;

  @ConfigProperty(name = "quarkus.datasource.username")
  String username;

  @ConfigProperty(name = "quarkus.datasource.password")
  Optional<String> password;

  private PgSubscriber subscriber;

  void onStart(@Observes StartupEvent event) {
    PgConnectOptions options =
        PgConnectOptions.fromUri(url).setUser(username).setPassword(password.orElse(null));
    subscriber =
        PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> RECONNECT_MILLIS);
    subscriber
        .channel(CHANNEL)
        // subscribed, first or after a reconnection: what changed meanwhile is fetched now
        .subscribeHandler(subscribed -> directory.changed())
        .handler(this::received);
    subscriber.closeHandler(ignored -> LOG.info("Tenant event connection closed"));
    subscriber
        .connect()
        .onSuccess(ignored -> LOG.info("Listening for tenant events"))
        .onFailure(
            e -> LOG.warnf("No tenant events yet (%s); retrying", e.getClass().getSimpleName()));
  }

  /** A key's event drops that key only; any other change makes the tenant list fetched again. */
  private void received(String payload) {
    String keyId = null;
    try {
      keyId = new io.vertx.core.json.JsonObject(payload).getString("apiKey");
    } catch (RuntimeException unreadable) {
      // not a key's event: treat it as a tenant change
    }
    if (keyId != null) {
      directory.keyChanged(keyId);
    } else {
      directory.changed();
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    if (subscriber != null) {
      subscriber.close();
    }
  }
}
