package io.medmaas.gateway.quota;

import io.medmaas.gateway.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The PostgreSQL the gateways share their quotas through ({@code medmaas.quotas.store-url}, the
 * audit's database unless said), on a small pool of its own, so quota checks never wait behind
 * audit writes; short statement and connect timeouts, so an unreachable store is found quickly.
 */
@ApplicationScoped
public class QuotaStore {

  @Inject Vertx vertx;
  @Inject GatewayConfig config;

  @ConfigProperty(name = "quarkus.datasource.reactive.url")
  String url;

  @ConfigProperty(name = "quarkus.datasource.username")
  String username;

  @ConfigProperty(name = "quarkus.datasource.password")
  Optional<String> password;

  private Pool pool;

  @PostConstruct
  void init() {
    PgConnectOptions options =
        PgConnectOptions.fromUri(config.quotas().storeUrl().orElse(url))
            .setUser(username)
            .setPassword(password.orElse(null))
            .setConnectTimeout(1000)
            .addProperty("application_name", "medmaas-gateway-quota")
            .addProperty("statement_timeout", "300");
    pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(2).setMaxWaitQueueSize(1000))
            .connectingTo(options)
            .using(vertx)
            .build();
  }

  Pool pool() {
    return pool;
  }

  void close(@Observes ShutdownEvent event) {
    if (pool != null) {
      pool.close();
    }
  }
}
