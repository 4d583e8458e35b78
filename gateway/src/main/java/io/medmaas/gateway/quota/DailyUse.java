package io.medmaas.gateway.quota;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's predicted instances so far today and this month (UTC), from the counters the
 * gateways add to as they append access records; read at most once a second per tenant. A tenant
 * may go past its quota by the requests under way when it is reached, never further.
 */
@ApplicationScoped
public class DailyUse {

  static final long FRESH_MILLIS = 1_000;
  static final int MAX_TENANTS = 100_000;

  static final String USED =
      "SELECT coalesce(sum(instances) FILTER (WHERE day = (now() AT TIME ZONE 'UTC')::date), 0),"
          + " coalesce(sum(instances), 0) FROM tenancy.usage_day WHERE tenant_id = $1"
          + " AND day >= date_trunc('month', now() AT TIME ZONE 'UTC')::date";

  /** Instances used today and this month. */
  public record Used(long today, long month) {}

  private record Read(Used used, long atMillis) {}

  @Inject QuotaStore store;

  private final Map<String, Read> read = new ConcurrentHashMap<>();

  public Future<Used> used(String tenant) {
    long now = System.currentTimeMillis();
    Read last = read.get(tenant);
    if (last != null && now - last.atMillis < FRESH_MILLIS) {
      return Future.succeededFuture(last.used);
    }
    return store
        .pool()
        .preparedQuery(USED)
        .execute(Tuple.of(tenant))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              Used used = new Used(row.getLong(0), row.getLong(1));
              if (read.size() >= MAX_TENANTS) {
                read.clear();
              }
              read.put(tenant, new Read(used, System.currentTimeMillis()));
              return used;
            });
  }
}
