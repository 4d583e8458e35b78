package io.medmaas.gateway.quota;

import io.medmaas.gateway.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Each tenant's request-rate token bucket, shared by every gateway replica through one row per
 * tenant in PostgreSQL ({@code tenancy.rate_bucket}, ADR 0013). A gateway leases a few tokens at a
 * time (about {@code medmaas.quotas.lease} worth of the rate) in one atomic statement that refills
 * the bucket for the time passed and takes the lease only if the bucket holds it; requests then
 * take leased tokens locally, with no round trip. Replicas together never take more than the bucket
 * gives (a lease not used within a second is dropped, never returned), so over any window the
 * accepted count stays within the limit.
 *
 * <p>When the store cannot be reached, each gateway falls back to a local bucket with its share of
 * the limit (rate and burst divided by {@code medmaas.quotas.replicas}) for a few seconds, then
 * tries the store again: never unlimited.
 */
@ApplicationScoped
public class RateBuckets {

  private static final Logger LOG = Logger.getLogger(RateBuckets.class);
  private static final long LEASE_LIFE_NANOS = 1_000_000_000L;
  private static final long STORE_PAUSE_NANOS = 5_000_000_000L;

  static final String LEASE =
      "INSERT INTO tenancy.rate_bucket AS b (tenant_id, tokens, updated_at)"
          + " VALUES ($1, $2::float8 - $4::float8, clock_timestamp())"
          + " ON CONFLICT (tenant_id) DO UPDATE SET tokens = least($2::float8, b.tokens + $3::float8"
          + " * extract(epoch FROM clock_timestamp() - b.updated_at)::float8) - $4::float8,"
          + " updated_at = clock_timestamp()"
          + " WHERE least($2::float8, b.tokens + $3::float8"
          + " * extract(epoch FROM clock_timestamp() - b.updated_at)::float8) >= $4::float8"
          + " RETURNING tokens";

  /** Whether a request may go on, and what its answer's RateLimit field says. */
  public record Verdict(boolean allowed, long remaining, long resetSeconds) {}

  /** One tenant's bucket as this gateway sees it. */
  private static final class Local {
    double leased;
    long leasedUntilNanos;
    double sharedLeft;
    long exhaustedUntilNanos;
    Future<Void> leasing;
    double fallbackTokens = -1;
    long fallbackAtNanos;
  }

  @Inject Vertx vertx;
  @Inject GatewayConfig config;

  @ConfigProperty(name = "quarkus.datasource.reactive.url")
  String url;

  @ConfigProperty(name = "quarkus.datasource.username")
  String username;

  @ConfigProperty(name = "quarkus.datasource.password")
  Optional<String> password;

  private Pool pool;
  private final Map<String, Local> buckets = new ConcurrentHashMap<>();
  private volatile long storeDownUntilNanos;

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

  void close(@Observes ShutdownEvent event) {
    if (pool != null) {
      pool.close();
    }
  }

  /** Takes one token of {@code tenant}'s bucket ({@code rate} per second, {@code burst} deep). */
  public Future<Verdict> take(String tenant, double rate, int burst) {
    Local local = buckets.computeIfAbsent(tenant, t -> new Local());
    long now = System.nanoTime();
    Future<Void> wait;
    synchronized (local) {
      if (now < storeDownUntilNanos) {
        return Future.succeededFuture(fallback(local, rate, burst, now));
      }
      Verdict leased = fromLease(local, rate, now);
      if (leased != null) {
        return Future.succeededFuture(leased);
      }
      if (local.leasing == null) {
        local.leasing = lease(tenant, local, rate, burst);
      }
      wait = local.leasing;
    }
    return wait.map(
        leasedNow -> {
          long after = System.nanoTime();
          synchronized (local) {
            if (after < storeDownUntilNanos) {
              return fallback(local, rate, burst, after);
            }
            Verdict verdict = fromLease(local, rate, after);
            return verdict != null ? verdict : refused(local, rate, after);
          }
        });
  }

  /** A leased token if one is left, a refusal while the bucket is known to be empty, else null. */
  private static Verdict fromLease(Local local, double rate, long now) {
    if (local.leased >= 1 && now < local.leasedUntilNanos) {
      local.leased -= 1;
      return new Verdict(true, (long) Math.floor(local.sharedLeft + local.leased), 0);
    }
    if (now < local.exhaustedUntilNanos) {
      return refused(local, rate, now);
    }
    return null;
  }

  private static Verdict refused(Local local, double rate, long now) {
    long wait = Math.max(local.exhaustedUntilNanos - now, (long) (1e9 / rate));
    return new Verdict(false, 0, Math.max(1, (long) Math.ceil(wait / 1e9)));
  }

  private Future<Void> lease(String tenant, Local local, double rate, int burst) {
    int chunk =
        (int)
            Math.max(
                1, Math.min(burst, Math.round(rate * config.quotas().lease().toMillis() / 1000.0)));
    Promise<Void> done = Promise.promise();
    tryLease(tenant, burst, rate, chunk)
        .compose(
            granted ->
                granted.isPresent() || chunk == 1
                    ? Future.succeededFuture(granted.map(left -> new Object[] {chunk, left}))
                    : tryLease(tenant, burst, rate, 1)
                        .map(one -> one.map(left -> new Object[] {1, left})))
        .onComplete(
            result -> {
              long now = System.nanoTime();
              synchronized (local) {
                local.leasing = null;
                if (result.failed()) {
                  storeDown(result.cause());
                } else if (result.result().isPresent()) {
                  Object[] grant = result.result().get();
                  local.leased = (int) grant[0];
                  local.leasedUntilNanos = now + LEASE_LIFE_NANOS;
                  local.sharedLeft = Math.max(0, (double) grant[1]);
                } else {
                  local.sharedLeft = 0;
                  local.exhaustedUntilNanos = now + (long) (1e9 / rate);
                }
              }
              done.complete();
            });
    return done.future();
  }

  private Future<Optional<Double>> tryLease(String tenant, int burst, double rate, int tokens) {
    return pool.preparedQuery(LEASE)
        .execute(Tuple.of(tenant, (double) burst, rate, (double) tokens))
        .map(
            rows -> {
              var it = rows.iterator();
              if (!it.hasNext()) {
                return Optional.<Double>empty();
              }
              Row row = it.next();
              return Optional.of(row.getDouble(0));
            });
  }

  private void storeDown(Throwable cause) {
    if (System.nanoTime() >= storeDownUntilNanos) {
      LOG.warnf(
          "The shared rate store cannot be reached (%s); each gateway keeps its share of every"
              + " limit for %d s",
          cause.getClass().getSimpleName(), STORE_PAUSE_NANOS / 1_000_000_000L);
    }
    storeDownUntilNanos = System.nanoTime() + STORE_PAUSE_NANOS;
  }

  /** This gateway's share of the limit, refilled locally, while the store is away. */
  private Verdict fallback(Local local, double rate, int burst, long now) {
    int replicas = Math.max(1, config.quotas().replicas());
    double shareRate = rate / replicas;
    double shareBurst = Math.max(1, Math.floor((double) burst / replicas));
    if (local.fallbackTokens < 0) {
      local.fallbackTokens = shareBurst;
    } else {
      local.fallbackTokens =
          Math.min(
              shareBurst, local.fallbackTokens + shareRate * (now - local.fallbackAtNanos) / 1e9);
    }
    local.fallbackAtNanos = now;
    if (local.fallbackTokens >= 1) {
      local.fallbackTokens -= 1;
      return new Verdict(true, (long) Math.floor(local.fallbackTokens), 0);
    }
    return new Verdict(
        false, 0, Math.max(1, (long) Math.ceil((1 - local.fallbackTokens) / shareRate)));
  }
}
