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
 * Where the quota stage reads and writes, on small pools of its own, so quota checks never wait
 * behind audit writes nor hold the audit's connections: the shared rate buckets ({@code
 * medmaas.quotas.store-url}, the audit's database unless said) and the usage counters, which live
 * in the audit's database because they are written with the access records. Short statement and
 * connect timeouts, so an unreachable store is found quickly.
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
  private Pool counters;

  @PostConstruct
  void init() {
    pool = pool(config.quotas().storeUrl().orElse(url), "medmaas-gateway-quota");
    counters = pool(url, "medmaas-gateway-usage");
  }

  private Pool pool(String at, String name) {
    PgConnectOptions options =
        PgConnectOptions.fromUri(at)
            .setUser(username)
            .setPassword(password.orElse(null))
            .setConnectTimeout(1000)
            .addProperty("application_name", name)
            .addProperty("statement_timeout", "300");
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(2).setMaxWaitQueueSize(1000))
        .connectingTo(options)
        .using(vertx)
        .build();
  }

  /** The shared rate buckets. */
  Pool pool() {
    return pool;
  }

  /** The usage counters, in the audit's database. */
  Pool counters() {
    return counters;
  }

  void close(@Observes ShutdownEvent event) {
    if (pool != null) {
      pool.close();
      counters.close();
    }
  }
}
