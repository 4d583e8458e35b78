package io.medmaas.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.inference.InferenceConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on the registry's PostgreSQL channel for alias moves, so that a promotion or rollback is
 * served at once rather than after the alias cache expires. It only LISTENs: it reads no table of
 * the registry. Without {@code medmaas.events.jdbc-url} the alias TTL alone applies.
 */
@ApplicationScoped
public class AliasEventListener {

  static final String CHANNEL = "medmaas_model_alias";

  /** tenant-admin's channel: a tenant's entitlements or status changed. */
  static final String TENANT_CHANNEL = "medmaas_tenancy";

  private static final Logger LOG = Logger.getLogger(AliasEventListener.class);

  @Inject ModelCache cache;
  @Inject ObjectMapper json;

  @Inject InferenceConfig config;

  private volatile boolean running;
  private Thread thread;

  void onStart(@Observes StartupEvent event) {
    if (config.events().jdbcUrl().isEmpty()) {
      LOG.info("No medmaas.events.jdbc-url: alias changes are seen when the alias cache expires");
      return;
    }
    running = true;
    thread = new Thread(this::listen, "alias-events");
    thread.setDaemon(true);
    thread.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void listen() {
    while (running) {
      try (Connection connection =
          DriverManager.getConnection(
              config.events().jdbcUrl().get(),
              config.events().username().orElse(null),
              config.events().password().orElse(null))) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
          statement.execute("LISTEN " + TENANT_CHANNEL);
        }
        LOG.info("Listening for model alias and tenant events");
        cache.eventsResumed(); // what changed while no one listened is asked for again
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(5_000); // blocks; no spinning
          if (notifications != null) {
            for (PGNotification notification : notifications) {
              handle(notification.getName(), notification.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        if (running) {
          LOG.warnf("Alias event connection lost (%s); reconnecting", e.getSQLState());
          pause();
        }
      }
    }
  }

  private void handle(String channel, String payload) {
    try {
      JsonNode event = json.readTree(payload);
      if (TENANT_CHANNEL.equals(channel)) {
        cache.tenantChanged(event.path("tenant").asText());
        return;
      }
      cache.aliasMoved(event.path("model").asText());
    } catch (Exception e) {
      LOG.warn("Ignored an unreadable alias event");
    }
  }

  private void pause() {
    try {
      Thread.sleep(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
