package io.medmaas.gateway.apikey;

import io.medmaas.gateway.GatewayConfig;
import io.medmaas.gateway.internal.InternalTokenMinter;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * When each API key was last used, told to tenant-admin every {@value #REPORT_MILLIS} ms in one
 * call (its key listing shows it), never on the request's path. A report that fails is merged into
 * the next one.
 */
@ApplicationScoped
public class KeyUsage {

  static final long REPORT_MILLIS = 10_000;
  private static final Logger LOG = Logger.getLogger(KeyUsage.class);

  @Inject Vertx vertx;
  @Inject GatewayConfig config;
  @Inject InternalTokenMinter minter;

  private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
  private WebClient client;

  void start(@Observes StartupEvent event) {
    client = WebClient.create(vertx);
    vertx.setPeriodic(REPORT_MILLIS, id -> report());
  }

  void used(String keyId) {
    if (lastUsed.size() < 10_000 || lastUsed.containsKey(keyId)) {
      lastUsed.put(keyId, Instant.now());
    }
  }

  private void report() {
    if (lastUsed.isEmpty()) {
      return;
    }
    JsonObject batch = new JsonObject();
    for (String keyId : Map.copyOf(lastUsed).keySet()) {
      Instant at = lastUsed.remove(keyId);
      if (at != null) {
        batch.put(keyId, at.toString());
      }
    }
    client
        .postAbs(config.upstream().tenantAdminUrl() + "/internal/directory/api-keys/last-used")
        .bearerTokenAuthentication(minter.serviceToken())
        .timeout(config.upstream().timeout().toMillis())
        .sendJsonObject(batch)
        .onComplete(
            sent -> {
              if (sent.failed() || sent.result().statusCode() != 204) {
                batch.forEach(
                    e ->
                        lastUsed.merge(
                            e.getKey(),
                            Instant.parse((String) e.getValue()),
                            (a, b) -> a.isAfter(b) ? a : b));
                LOG.warn("Could not report when API keys were last used; will retry");
              }
            });
  }
}
