package io.medmaas.gateway.audit;

import io.medmaas.common.audit.AuditRecord;
import io.medmaas.common.audit.AuditTable;
import io.medmaas.gateway.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Appends access records to the audit log in PostgreSQL, as the INSERT-only role {@code
 * medmaas_audit_writer} (ADR 0008); the future of a record completes once its transaction has
 * committed durably ({@code synchronous_commit=on}).
 *
 * <p>Group commit: at most {@code medmaas.audit.in-flight} transactions (default one) are in
 * flight; records that arrive meanwhile wait and go together in the next one, so a lone request is
 * written at once and under load one commit (one WAL flush) carries many records. If a transaction
 * fails on a record's data, its records are written again one by one, so that one bad record fails
 * only its own request.
 *
 * <p>Bounded: at most {@code medmaas.audit.max-queued} records wait; a commit that takes longer
 * than {@code write-timeout} fails its records; after a failed write the store is left alone for
 * {@code pause-after-failure}, during which records are refused at once. Refused and failed records
 * make their requests 503 with {@code Retry-After}; the writer recovers by itself.
 */
@ApplicationScoped
public class AuditWriter {

  private static final Logger LOG = Logger.getLogger(AuditWriter.class);

  /**
   * Appends the records and, in the same statement, adds the instances of their successful
   * predictions to each tenant's day in {@code tenancy.usage_day} and, for a partner key's, to its
   * lineage's day in {@code tenancy.key_usage_day} (the daily and monthly quotas read them): the
   * counters move with the audit log, never apart from it. The key of a record is the gateway's own
   * word (a parameter beside the records), never a value a credential could name.
   */
  static final String INSERT =
      "WITH appended AS ("
          + AuditTable.insert(AuditTable.Placeholders.NUMBERED)
          + "), predicted AS (SELECT t, (o AT TIME ZONE 'UTC')::date AS d, y, n FROM unnest("
          + param("tenant_id")
          + ", "
          + param("occurred_at")
          + ", "
          + param("instances")
          + ", "
          + param("kind")
          + ", "
          + param("action")
          + ", "
          + param("outcome")
          + ", $"
          + (AuditTable.COLUMNS.size() + 2)
          + "::text[]) AS r(t, o, n, k, a, s, y) WHERE k = 'access' AND a = 'model.predict'"
          + " AND s BETWEEN 200 AND 299 AND t IS NOT NULL AND n IS NOT NULL),"
          + " keyed AS (INSERT INTO tenancy.key_usage_day AS ku"
          + " (tenant_id, key_id, day, writer, instances) SELECT t, y, d, $"
          + (AuditTable.COLUMNS.size() + 1)
          + "::text, sum(n) FROM predicted WHERE y IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
          + " ON CONFLICT (tenant_id, key_id, day, writer)"
          + " DO UPDATE SET instances = ku.instances + EXCLUDED.instances)"
          + " INSERT INTO tenancy.usage_day AS u (tenant_id, day, writer, instances)"
          + " SELECT t, d, $"
          + (AuditTable.COLUMNS.size() + 1)
          + "::text, sum(n) FROM predicted GROUP BY 1, 2 ORDER BY 1, 2"
          + " ON CONFLICT (tenant_id, day, writer)"
          + " DO UPDATE SET instances = u.instances + EXCLUDED.instances";

  /** This gateway process's rows of {@code tenancy.usage_day}. */
  static final String WRITER = java.util.UUID.randomUUID().toString();

  /**
   * The append's parameters (one array per column), then this gateway's writer id and the key
   * lineage each record's predictions are metered to as well as its tenant (null: none).
   */
  private static List<Object> parameters(List<Pending> batch) {
    List<AuditRecord> records = batch.stream().map(Pending::record).toList();
    List<Object> parameters = new java.util.ArrayList<>(AuditTable.parameters(records));
    parameters.add(WRITER);
    parameters.add(batch.stream().map(Pending::meteredKey).toArray(String[]::new));
    return parameters;
  }

  /** The append statement's parameter for a column, as the append itself casts it. */
  private static String param(String column) {
    for (int i = 0; i < AuditTable.COLUMNS.size(); i++) {
      if (AuditTable.COLUMNS.get(i).name().equals(column)) {
        return "$" + (i + 1) + "::" + AuditTable.COLUMNS.get(i).type() + "[]";
      }
    }
    throw new IllegalArgumentException("no audit column " + column);
  }

  /** Why a record was not written; its request is answered 503. */
  public static final class NotWritten extends RuntimeException {
    NotWritten(String reason) {
      super(reason, null, false, false);
    }
  }

  private record Pending(
      AuditRecord record, String meteredKey, Promise<Void> done, Context context) {}

  @Inject Pool pool;
  @Inject Vertx vertx;
  @Inject GatewayConfig config;
  @Inject MeterRegistry meters;

  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private int inFlight;
  private long pausedUntilNanos;
  private Counter written;
  private Counter transactions;
  private Counter splitBatches;
  private Counter refused;

  @PostConstruct
  void meters() {
    if (config.audit().inFlight() < 1
        || config.audit().maxBatch() < 1
        || config.audit().maxQueued() < 2) {
      throw new IllegalStateException(
          "medmaas.audit.in-flight and max-batch must be at least 1, max-queued at least 2");
    }
    written = meters.counter("medmaas.audit.records.written");
    transactions = meters.counter("medmaas.audit.transactions");
    splitBatches = meters.counter("medmaas.audit.batches.split");
    refused = meters.counter("medmaas.audit.records.refused");
    meters.gauge("medmaas.audit.queue", this, AuditWriter::queued);
  }

  /** Batches that failed on a record's data and were written again one record at a time. */
  public double splitBatches() {
    return splitBatches.count();
  }

  /**
   * Queues a record; the future completes on the caller's context once the record is durable.
   * Records of requests that were refused before their caller was known take at most half of the
   * queue, so that a flood of anonymous requests cannot crowd out the records of callers' requests.
   */
  public Future<Void> append(AuditRecord record, boolean callerKnown) {
    return append(record, callerKnown, null);
  }

  /**
   * As {@link #append(AuditRecord, boolean)}, for a record whose predicted instances count towards
   * the partner key lineage {@code meteredKey} as well as its tenant.
   */
  public Future<Void> append(AuditRecord record, boolean callerKnown, String meteredKey) {
    Context context = vertx.getOrCreateContext();
    Promise<Void> done = Promise.promise();
    boolean start;
    synchronized (waiting) {
      String refusal = refusal(callerKnown);
      if (refusal != null) {
        refused.increment();
        return Future.failedFuture(new NotWritten(refusal));
      }
      waiting.addLast(new Pending(record, meteredKey, done, context));
      start = inFlight < config.audit().inFlight();
      if (start) {
        inFlight++;
      }
    }
    if (start) {
      writeNext();
    }
    return done.future();
  }

  /**
   * Whether a record would be taken now: the pipeline asks before it forwards a request, so that a
   * request whose record cannot be written is refused before it is carried out.
   */
  public boolean admits(boolean callerKnown) {
    synchronized (waiting) {
      return refusal(callerKnown) == null;
    }
  }

  private String refusal(boolean callerKnown) {
    if (System.nanoTime() < pausedUntilNanos) {
      return "the audit store failed a moment ago";
    }
    int room = callerKnown ? config.audit().maxQueued() : config.audit().maxQueued() / 2;
    return waiting.size() >= room ? "the audit queue is full" : null;
  }

  /** Records waiting to be written now. */
  public int queued() {
    synchronized (waiting) {
      return waiting.size();
    }
  }

  /**
   * The durability settings as the writer's own connections see them ({@code fsync}, {@code
   * synchronous_commit}).
   */
  public Future<Map<String, String>> durability() {
    return pool.withConnection(
        connection ->
            connection
                .query("SHOW fsync")
                .execute()
                .compose(
                    fsync ->
                        connection
                            .query("SHOW synchronous_commit")
                            .execute()
                            .map(
                                sync -> {
                                  Map<String, String> settings = new LinkedHashMap<>();
                                  settings.put("fsync", first(fsync.iterator().next()));
                                  settings.put("synchronous_commit", first(sync.iterator().next()));
                                  return settings;
                                })));
  }

  private static String first(Row row) {
    return row.getString(0);
  }

  private void writeNext() {
    List<Pending> batch;
    synchronized (waiting) {
      if (waiting.isEmpty()) {
        inFlight--;
        return;
      }
      int size = Math.min(config.audit().maxBatch(), waiting.size());
      batch = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        batch.add(waiting.pollFirst());
      }
    }
    write(batch)
        .onComplete(
            written -> {
              if (written.succeeded()) {
                batch.forEach(p -> settle(p, null));
                writeNext();
              } else if (isAboutData(written.cause())) {
                // the store is up: a record's values were refused; write the others one by one
                splitBatches.increment();
                writeOneByOne(batch, 0);
              } else {
                fail(batch, written.cause());
                writeNext();
              }
            });
  }

  /** After a batch failed on its data: each record in a transaction of its own. */
  private void writeOneByOne(List<Pending> batch, int index) {
    if (index == batch.size()) {
      writeNext();
      return;
    }
    Pending pending = batch.get(index);
    write(List.of(pending))
        .onComplete(
            written -> {
              if (written.succeeded()) {
                settle(pending, null);
                writeOneByOne(batch, index + 1);
              } else if (isAboutData(written.cause())) {
                LOG.errorf(
                    "Audit record %s was refused by the store: %s",
                    pending.record().requestId(), sqlState(written.cause()));
                refused.increment();
                settle(pending, new NotWritten("the audit store refused the record"));
                writeOneByOne(batch, index + 1);
              } else {
                fail(batch.subList(index, batch.size()), written.cause());
                writeNext();
              }
            });
  }

  /**
   * One transaction for the records, on a connection of its own from the pool. If it has not
   * committed within the write timeout, its records fail (their requests are answered 503) and its
   * connection is closed, so that a store that stopped answering holds no writer for ever; the
   * server's own {@code statement_timeout}, shorter than the write timeout, ends a statement that
   * waits in the database without a commit, so a request answered 503 is not recorded as answered.
   */
  private Future<Void> write(List<Pending> batch) {
    Promise<Void> over = Promise.promise();
    AtomicReference<SqlConnection> held = new AtomicReference<>();
    long timer =
        vertx.setTimer(
            config.audit().writeTimeout().toMillis(),
            id -> {
              if (over.tryFail(new NotWritten("the audit store did not commit in time"))) {
                SqlConnection connection = held.getAndSet(null);
                if (connection != null) {
                  connection.close();
                }
              }
            });
    List<AuditRecord> records = batch.stream().map(Pending::record).toList();
    pool.getConnection()
        .compose(
            connection -> {
              if (over.future().isComplete()) {
                return connection.close().compose(v -> Future.<Void>failedFuture("too late"));
              }
              held.set(connection);
              return connection
                  .preparedQuery(INSERT)
                  .execute(Tuple.from(parameters(batch)))
                  .<Void>mapEmpty()
                  .eventually(
                      () -> {
                        SqlConnection mine = held.getAndSet(null);
                        return mine == null ? Future.succeededFuture() : mine.close();
                      });
            })
        .onComplete(
            done -> {
              vertx.cancelTimer(timer);
              if (done.succeeded()) {
                if (over.tryComplete()) {
                  transactions.increment();
                  written.increment(records.size());
                }
              } else {
                over.tryFail(done.cause());
              }
            });
    return over.future();
  }

  private void fail(List<Pending> batch, Throwable cause) {
    LOG.errorf(
        "%d audit records could not be written: %s",
        batch.size(), cause instanceof NotWritten ? cause.getMessage() : sqlState(cause));
    synchronized (waiting) {
      pausedUntilNanos = System.nanoTime() + config.audit().pauseAfterFailure().toNanos();
    }
    refused.increment(batch.size());
    NotWritten failure = new NotWritten("the audit store is unavailable");
    batch.forEach(p -> settle(p, failure));
  }

  private static void settle(Pending pending, Throwable failure) {
    pending
        .context()
        .runOnContext(
            v -> {
              if (failure == null) {
                pending.done().tryComplete();
              } else {
                pending.done().tryFail(failure);
              }
            });
  }

  /** A failure caused by a record's values (SQLSTATE classes 22 and 23), not by the store. */
  private static boolean isAboutData(Throwable cause) {
    if (cause instanceof PgException pg && pg.getSqlState() != null) {
      return pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23");
    }
    return false;
  }

  private static String sqlState(Throwable cause) {
    return cause instanceof PgException pg
        ? "SQLSTATE " + pg.getSqlState()
        : cause.getClass().getSimpleName();
  }
}
