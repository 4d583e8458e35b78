package io.medmaas.gateway.quota;

import io.medmaas.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Each tenant's request-rate token bucket (and each partner key's with a rate of its own), shared
 * by every gateway replica through one row per tenant (and per such key) in PostgreSQL ({@code
 * tenancy.rate_bucket}, ADR 0013). A gateway leases a few tokens at a time (about {@code
 * medmaas.quotas.lease} worth of the rate) in one atomic statement that refills the bucket for the
 * time passed and takes the lease only if the bucket holds it; requests then take leased tokens
 * locally, with no round trip. Replicas together never take more than the bucket gives (a lease not
 * used within a second is dropped, never returned), so over any window the accepted count stays
 * within the limit.
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

  /**
   * Refills the tenant's bucket for the time passed (capped at the burst) and takes up to $4 whole
   * tokens of what it holds, under the row's lock: the tokens granted, and what is left.
   */
  static final String LEASE = lease("tenancy.rate_bucket", "tenant_id = $1");

  /** The same for a key lineage's own bucket ($5). */
  static final String KEY_LEASE =
      lease("tenancy.key_rate_bucket", "tenant_id = $1 AND key_id = $5");

  private static String lease(String table, String row) {
    return "WITH cur AS (SELECT least($2::float8, tokens + $3::float8"
        + " * extract(epoch FROM clock_timestamp() - updated_at)::float8) AS avail"
        + " FROM "
        + table
        + " WHERE "
        + row
        + " FOR UPDATE) UPDATE "
        + table
        + " b SET tokens = cur.avail - least($4::float8, floor(cur.avail)),"
        + " updated_at = clock_timestamp() FROM cur WHERE "
        + row.replace("tenant_id", "b.tenant_id").replace("key_id", "b.key_id")
        + " RETURNING least($4::float8, floor(cur.avail)) AS granted, b.tokens AS left";
  }

  /** A tenant's bucket the first time it is drawn from: full. */
  static final String CREATE =
      "INSERT INTO tenancy.rate_bucket (tenant_id, tokens, updated_at)"
          + " VALUES ($1, $2::float8, clock_timestamp()) ON CONFLICT (tenant_id) DO NOTHING";

  /** A key lineage's bucket the first time it is drawn from ($3): full. */
  static final String KEY_CREATE =
      "INSERT INTO tenancy.key_rate_bucket (tenant_id, key_id, tokens, updated_at)"
          + " VALUES ($1, $3, $2::float8, clock_timestamp()) ON CONFLICT (tenant_id, key_id)"
          + " DO NOTHING";

  /** The key id of a tenant's own bucket. */
  public static final String TENANT = "";

  private record Grant(int tokens, double left) {}

  /** Whether a request may go on, and what its answer's RateLimit field says. */
  public record Verdict(boolean allowed, long remaining, long resetSeconds) {}

  /** One tenant's bucket as this gateway sees it. */
  private static final class Local {
    double leased;
    long leasedUntilNanos;
    double sharedLeft;
    long exhaustedUntilNanos;
    Future<Void> leasing;
    int waiting;
    double rate;
    int burst;

    /** What was learnt under other limits does not hold under these (a quota just changed). */
    void limits(double newRate, int newBurst) {
      if (newRate != rate || newBurst != burst) {
        rate = newRate;
        burst = newBurst;
        leased = 0;
        exhaustedUntilNanos = 0;
        fallbackTokens = -1;
      }
    }

    double fallbackTokens = -1;
    long fallbackAtNanos;
  }

  @Inject GatewayConfig config;

  @Inject QuotaStore store;

  /** Buckets this gateway keeps before it forgets the idle ones. */
  static final int MAX_HOLDERS = 50_000;

  private final Map<Holder, Local> buckets = new ConcurrentHashMap<>();
  private volatile long lastSweepNanos;
  private volatile long storeDownUntilNanos;

  /**
   * Takes one token of {@code tenant}'s bucket ({@code key} {@link #TENANT}) or of its key {@code
   * key}'s ({@code rate} per second, {@code burst} deep).
   */
  public Future<Verdict> take(String tenant, String key, double rate, int burst) {
    Holder holder = new Holder(tenant, key);
    if (buckets.size() > MAX_HOLDERS) {
      forgetIdle(System.nanoTime());
    }
    return take(buckets.computeIfAbsent(holder, h -> new Local()), holder, rate, burst, 0);
  }

  /**
   * Forgets the buckets nothing waits on and no lease is held for (rotated and revoked keys' among
   * them), at most once a second: what is forgotten is leased again from the shared row.
   */
  private void forgetIdle(long now) {
    long last = lastSweepNanos;
    if (now - last < 1_000_000_000L) {
      return;
    }
    lastSweepNanos = now;
    buckets
        .entrySet()
        .removeIf(
            entry -> {
              Local local = entry.getValue();
              synchronized (local) {
                return local.leasing == null
                    && local.waiting == 0
                    && now >= local.leasedUntilNanos
                    && now >= local.exhaustedUntilNanos;
              }
            });
  }

  /** Whose bucket: a tenant's, or one of its keys'. */
  private record Holder(String tenant, String key) {}

  /**
   * Takes a leased token, or waits for a lease: every request that waits counts towards the size of
   * the next lease, so a burst of requests arriving together is served from the bucket in one or
   * two round trips rather than refused once the first small lease is used up.
   */
  private Future<Verdict> take(Local local, Holder tenant, double rate, int burst, int attempt) {
    long now = System.nanoTime();
    Future<Void> wait;
    synchronized (local) {
      local.limits(rate, burst);
      if (now < storeDownUntilNanos) {
        return Future.succeededFuture(fallback(local, rate, burst, now));
      }
      Verdict leased = fromLease(local, rate, now);
      if (leased != null) {
        return Future.succeededFuture(leased);
      }
      local.waiting++; // counted while it waits, once
      // a lease that fails at once completes inside lease(): its own future is still the one
      wait = local.leasing != null ? local.leasing : lease(tenant, local, rate, burst);
    }
    return wait.compose(
        leasedNow -> {
          long after = System.nanoTime();
          synchronized (local) {
            local.waiting--;
            if (after < storeDownUntilNanos) {
              return Future.succeededFuture(fallback(local, rate, burst, after));
            }
            Verdict verdict = fromLease(local, rate, after);
            if (verdict != null) {
              return Future.succeededFuture(verdict);
            }
          }
          // the lease was shared by more waiters than it held, and the bucket was not found
          // empty: lease again (a few times at most)
          return attempt < 3
              ? take(local, tenant, rate, burst, attempt + 1)
              : Future.succeededFuture(refused(local, rate, after));
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

  /**
   * Called holding {@code local}'s lock: starts a lease for the requests waiting now (at least a
   * chunk of the rate), and makes it the one in flight before anything can complete it.
   */
  private Future<Void> lease(Holder tenant, Local local, double rate, int burst) {
    long byRate = Math.round(rate * config.quotas().lease().toMillis() / 1000.0);
    int chunk = (int) Math.max(1, Math.min(burst, Math.max(byRate, local.waiting)));
    Promise<Void> done = Promise.promise();
    Future<Void> mine = done.future();
    local.leasing = mine;
    tryLease(tenant, burst, rate, chunk)
        .onComplete(
            result -> {
              long now = System.nanoTime();
              synchronized (local) {
                if (local.leasing == mine) {
                  local.leasing = null;
                }
                if (result.failed()) {
                  storeDown(result.cause());
                } else if (result.result().tokens() > 0) {
                  local.leased = result.result().tokens();
                  local.leasedUntilNanos = now + LEASE_LIFE_NANOS;
                  local.sharedLeft = Math.max(0, result.result().left());
                } else {
                  local.sharedLeft = 0;
                  local.exhaustedUntilNanos =
                      now + (long) (1e9 * Math.max(0, 1 - result.result().left()) / rate);
                }
              }
              done.complete();
            });
    return mine;
  }

  private Future<Grant> tryLease(Holder holder, int burst, double rate, int tokens) {
    boolean ofKey = !holder.key().equals(TENANT);
    String leaseSql = ofKey ? KEY_LEASE : LEASE;
    Tuple lease =
        ofKey
            ? Tuple.of(holder.tenant(), (double) burst, rate, (double) tokens, holder.key())
            : Tuple.of(holder.tenant(), (double) burst, rate, (double) tokens);
    return store
        .pool()
        .preparedQuery(leaseSql)
        .execute(lease)
        .compose(
            rows -> {
              var it = rows.iterator();
              if (it.hasNext()) {
                Row row = it.next();
                return Future.succeededFuture(
                    new Grant((int) row.getDouble("granted").doubleValue(), row.getDouble("left")));
              }
              // the tenant's first request anywhere: its bucket starts full
              return store
                  .pool()
                  .preparedQuery(ofKey ? KEY_CREATE : CREATE)
                  .execute(
                      ofKey
                          ? Tuple.of(holder.tenant(), (double) burst, holder.key())
                          : Tuple.of(holder.tenant(), (double) burst))
                  .compose(created -> store.pool().preparedQuery(leaseSql).execute(lease))
                  .map(
                      again -> {
                        Row row = again.iterator().next();
                        return new Grant(
                            (int) row.getDouble("granted").doubleValue(), row.getDouble("left"));
                      });
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
