package io.medmaas.gateway.quota;

import io.medmaas.common.access.Action;
import io.medmaas.common.caller.InternalToken;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.GatewayConfig;
import io.medmaas.gateway.pipeline.Exchange;
import io.medmaas.gateway.pipeline.GatewayCaller;
import io.medmaas.gateway.pipeline.Phase;
import io.medmaas.gateway.pipeline.Rejection;
import io.medmaas.gateway.pipeline.Stage;
import io.medmaas.gateway.tenant.KnownTenant;
import io.medmaas.gateway.tenant.TenantDirectory;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The pipeline's quota stage, after authentication and authorization and before anything is
 * forwarded: the tenant's request rate (a token bucket shared by the gateways, {@link
 * RateBuckets}), its concurrent requests ({@link ConcurrentRequests}), and its daily and monthly
 * prediction quotas ({@link DailyUse}). A partner's key with limits of its own is held to them as
 * well, beside its tenant's ({@link KeyQuota}): the tighter holds. Over a limit: 429 {@code
 * quota-exceeded} with {@code Retry-After}. Every answer of a tenant's request, refused or not,
 * carries the {@code RateLimit-Policy} and {@code RateLimit} fields of
 * draft-ietf-httpapi-ratelimit-headers-10. A request that failed authentication never gets here, so
 * it uses no tenant's quota; the platform's own users have none.
 */
@ApplicationScoped
public class QuotaStage implements Stage {

  private static final Future<Void> GO_ON = Future.succeededFuture();

  @Inject TenantDirectory tenants;
  @Inject GatewayConfig config;
  @Inject RateBuckets buckets;
  @Inject ConcurrentRequests concurrent;
  @Inject DailyUse daily;

  private boolean enforced = true;

  @jakarta.annotation.PostConstruct
  void enforcement() {
    enforced = config.quotas().enforced();
    if (!enforced) {
      org.jboss.logging.Logger.getLogger(QuotaStage.class)
          .warn(
              "medmaas.quotas.enforced=false: no tenant is held to its rate, concurrency or"
                  + " prediction quotas (for measuring the quota stage only)");
    }
  }

  @Override
  public Phase phase() {
    return Phase.QUOTA;
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    GatewayCaller caller = exchange.caller();
    if (!enforced || caller == null || caller.tenant() == null) {
      return GO_ON;
    }
    if (InternalToken.PLATFORM_TENANT.equals(caller.tenant())) {
      return GO_ON; // the platform's own users have no quota
    }
    KnownTenant.QuotaLimits limits =
        tenants.cachedById(caller.tenant()).map(KnownTenant::limits).orElseGet(this::defaults);
    KeyQuota key = KeyQuota.of(caller, limits);
    String tenant = caller.tenant();
    int share = concurrent.share(limits.maxConcurrent());
    exchange.answerHeader(
        "RateLimit-Policy",
        "\"rate\";q="
            + limits.burst()
            + ";w="
            + window(limits.burst(), limits.ratePerSecond())
            + ", \"concurrency\";q="
            + share
            + ";qu=\"concurrent-requests\""
            + (key.limitsRate()
                ? ", \"key-rate\";q="
                    + key.burst()
                    + ";w="
                    + window(key.burst(), key.ratePerSecond())
                : ""));
    String busy = concurrency(exchange, tenant, key, limits);
    if (busy != null) {
      exchange.answerHeader("RateLimit", "\"concurrency\";r=0;t=1");
      throw new Rejection(
              ProblemType.QUOTA_EXCEEDED,
              busy + " requests under way, its limit here; retry when one is answered")
          .with("Retry-After", "1");
    }
    exchange.caller(caller.withMaxBatch(key.maxBatch())); // inference holds a request to it
    Future<Void> keyRate = key.limitsRate() ? keyRate(exchange, tenant, key) : GO_ON;
    return keyRate
        .compose(
            ok -> buckets.take(tenant, RateBuckets.TENANT, limits.ratePerSecond(), limits.burst()))
        .compose(
            verdict -> {
              exchange.answerHeader(
                  "RateLimit",
                  "\"rate\";r=" + verdict.remaining() + ";t=" + verdict.resetSeconds());
              if (!verdict.allowed()) {
                throw overRate(
                    "Your organisation's", limits.burst(), limits.ratePerSecond(), verdict);
              }
              return exchange.route().permits() == Action.MODEL_PREDICT
                  ? predictionQuotas(tenant, key, limits)
                  : GO_ON;
            });
  }

  /**
   * Takes a slot of the key's concurrency (when it has a limit of its own) and of its tenant's,
   * given back once the request is done; when either is in use, takes none and says whose.
   */
  private String concurrency(
      Exchange exchange, String tenant, KeyQuota key, KnownTenant.QuotaLimits limits) {
    String keyHolder = key.limitsConcurrency() ? tenant + "/" + key.id() : null;
    if (keyHolder != null && !concurrent.tryAcquire(keyHolder, key.maxConcurrent())) {
      return "This API key has " + concurrent.share(key.maxConcurrent());
    }
    if (!concurrent.tryAcquire(tenant, limits.maxConcurrent())) {
      if (keyHolder != null) {
        concurrent.release(keyHolder);
      }
      return "Your organisation has " + concurrent.share(limits.maxConcurrent());
    }
    exchange.whenDone(
        () -> {
          concurrent.release(tenant);
          if (keyHolder != null) {
            concurrent.release(keyHolder);
          }
        });
    return null;
  }

  /** The key's own bucket, taken from before its tenant's: a key over its rate uses none of it. */
  private Future<Void> keyRate(Exchange exchange, String tenant, KeyQuota key) {
    return buckets
        .take(tenant, key.id(), key.ratePerSecond(), key.burst())
        .map(
            verdict -> {
              exchange.answerHeader(
                  "RateLimit",
                  "\"key-rate\";r=" + verdict.remaining() + ";t=" + verdict.resetSeconds());
              if (!verdict.allowed()) {
                throw overRate("This API key's", key.burst(), key.ratePerSecond(), verdict);
              }
              return null;
            });
  }

  private static Rejection overRate(
      String whose, int burst, double rate, RateBuckets.Verdict verdict) {
    return new Rejection(
            ProblemType.QUOTA_EXCEEDED,
            whose
                + " request rate is over its limit of "
                + burst
                + " at once and "
                + rate
                + " per second; retry in "
                + verdict.resetSeconds()
                + " s")
        .with("Retry-After", String.valueOf(verdict.resetSeconds()));
  }

  /**
   * The daily and monthly prediction quotas, counting instances: the tenant's, and the key's own
   * when it has them. If the counters cannot be read now, the request goes on: the rate limit still
   * holds, and the counters are the audit store's, without which the request could not be answered
   * anyway.
   */
  private Future<Void> predictionQuotas(
      String tenant, KeyQuota key, KnownTenant.QuotaLimits limits) {
    return daily
        .used(tenant, key.limitsPredictions() ? key.id() : DailyUse.NO_KEY)
        .<Void>map(
            used -> {
              if (used == DailyUse.UNKNOWN) {
                return null;
              }
              ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
              if (key.dailyInstances() != null && used.keyToday() >= key.dailyInstances()) {
                throw quotaUsed("This API key has", "daily", key.dailyInstances(), untilDay(now));
              }
              if (key.monthlyInstances() != null && used.keyMonth() >= key.monthlyInstances()) {
                throw quotaUsed(
                    "This API key has", "monthly", key.monthlyInstances(), untilMonth(now));
              }
              if (used.today() >= limits.dailyInstances()) {
                throw quotaUsed(
                    "Your organisation has", "daily", limits.dailyInstances(), untilDay(now));
              }
              if (used.month() >= limits.monthlyInstances()) {
                throw quotaUsed(
                    "Your organisation has", "monthly", limits.monthlyInstances(), untilMonth(now));
              }
              return null;
            })
        .recover(
            failure ->
                failure instanceof Rejection
                    ? Future.failedFuture(failure)
                    : Future.<Void>succeededFuture());
  }

  private static long untilDay(ZonedDateTime now) {
    return Math.max(
        1,
        Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC))
            .toSeconds());
  }

  private static long untilMonth(ZonedDateTime now) {
    return Math.max(
        1,
        Duration.between(
                now, now.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC))
            .toSeconds());
  }

  private static Rejection quotaUsed(String who, String period, long quota, long wait) {
    return new Rejection(
            ProblemType.QUOTA_EXCEEDED,
            who
                + " used its "
                + period
                + " prediction quota of "
                + quota
                + " instances; it renews in "
                + wait
                + " s")
        .with("Retry-After", String.valueOf(wait));
  }

  /** A tenant whose limits were not sent is held to the defaults: never unlimited. */
  private KnownTenant.QuotaLimits defaults() {
    var quotas = config.quotas();
    return new KnownTenant.QuotaLimits(
        quotas.defaultRate(),
        quotas.defaultBurst(),
        100_000,
        2_000_000,
        64,
        quotas.defaultConcurrency());
  }

  /** A bucket's window: the seconds in which it refills from empty. */
  private static long window(int burst, double rate) {
    return Math.max(1, (long) Math.ceil(burst / rate));
  }
}
