package io.medmaas.gateway.quota;

import io.medmaas.gateway.pipeline.ContextHandoff;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's predicted instances so far today and this month (UTC), and those of one of its key
 * lineages when the key has quotas of its own, from the counters the gateways add to as they append
 * access records, read from the audit database where they are written; at most one read per tenant
 * a second, shared by the requests that arrive meanwhile. A read that fails lets requests go on for
 * a second, one that does not answer in 150 ms for five (the rate limit holds; without the audit
 * database no request is answered anyway). A tenant may go past its quota by what it is admitted in
 * that second and by the records still being written.
 */
@ApplicationScoped
public class DailyUse {

  static final long FRESH_MILLIS = 1_000;
  static final int MAX_TENANTS = 100_000;
  static final long READ_MILLIS = 150;
  static final long AWAY_MILLIS = 5_000;

  static final String USED =
      "WITH since AS (SELECT (now() AT TIME ZONE 'UTC')::date AS today,"
          + " date_trunc('month', now() AT TIME ZONE 'UTC')::date AS month)"
          + " SELECT (SELECT coalesce(sum(instances) FILTER (WHERE day = since.today), 0)"
          + " FROM tenancy.usage_day WHERE tenant_id = $1 AND day >= since.month),"
          + " (SELECT coalesce(sum(instances), 0)"
          + " FROM tenancy.usage_day WHERE tenant_id = $1 AND day >= since.month),"
          + " (SELECT coalesce(sum(instances) FILTER (WHERE day = since.today), 0)"
          + " FROM tenancy.key_usage_day WHERE tenant_id = $1 AND key_id = $2"
          + " AND day >= since.month),"
          + " (SELECT coalesce(sum(instances), 0) FROM tenancy.key_usage_day"
          + " WHERE tenant_id = $1 AND key_id = $2 AND day >= since.month) FROM since";

  /** The key id to ask for when no key's own use is wanted. */
  static final String NO_KEY = "";

  /**
   * Instances used today and this month by the tenant, and by the key asked for; {@link #UNKNOWN}
   * when they could not be read.
   */
  public record Used(long today, long month, long keyToday, long keyMonth) {}

  static final Used UNKNOWN = new Used(-1, -1, -1, -1);

  private record Whose(String tenant, String key) {}

  private record Read(Future<Used> used, long atMillis) {}

  @Inject QuotaStore store;

  @Inject Vertx vertx;

  private final Map<Whose, Read> read = new ConcurrentHashMap<>();
  private volatile long awayUntilMillis;

  /** The tenant's use, and its key {@code key}'s ({@link #NO_KEY}: none wanted). */
  public Future<Used> used(String tenant, String key) {
    Whose whose = new Whose(tenant, key);
    long now = System.currentTimeMillis();
    if (now < awayUntilMillis) {
      return Future.succeededFuture(UNKNOWN); // the counters did not answer lately: no waiting
    }
    Read last = read.get(whose);
    if (last != null && now - last.atMillis < FRESH_MILLIS) {
      return last.used;
    }
    if (read.size() >= MAX_TENANTS) {
      read.clear();
    }
    // a store that does not answer within READ_MILLIS holds no request: the counts are unknown
    Promise<Used> answer = Promise.promise();
    long timer =
        vertx.setTimer(
            READ_MILLIS,
            late -> {
              if (answer.tryComplete(UNKNOWN)) {
                awayUntilMillis = System.currentTimeMillis() + AWAY_MILLIS;
              }
            });
    store
        .counters()
        .preparedQuery(USED)
        .execute(Tuple.of(tenant, key))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new Used(row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(3));
            })
        .otherwise(UNKNOWN)
        .onSuccess(
            used -> {
              vertx.cancelTimer(timer);
              answer.tryComplete(used);
            });
    Future<Used> fetched = answer.future();
    Read pending = new Read(fetched, now);
    read.put(whose, pending);
    // fresh for a second from when it was known, not from when it was asked
    fetched.onComplete(
        known -> read.replace(whose, pending, new Read(fetched, System.currentTimeMillis())));
    return ContextHandoff.onCallersContext(fetched);
  }
}
