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
    if (caller == null
        || caller.tenant() == null
        || exchange.route().access() == io.medmaas.gateway.routes.Access.SELF) {
      return GO_ON; // no one's share: a caller asking who it is uses nothing of the platform's
    }
    if (InternalToken.PLATFORM_TENANT.equals(caller.tenant())) {
      return GO_ON; // the platform's own users have no quota
    }
    KnownTenant.QuotaLimits limits =
        tenants.cachedById(caller.tenant()).map(KnownTenant::limits).orElseGet(this::defaults);
    KeyQuota key = KeyQuota.of(caller, limits);
    exchange.caller(caller.withMaxBatch(key.maxBatch())); // inference holds a request to it
    if (!enforced) {
      return GO_ON;
    }
    String tenant = caller.tenant();
    exchange.answerHeader("RateLimit-Policy", policies(limits, key));
    Busy busy = concurrency(exchange, tenant, key, limits);
    if (busy != null) {
      exchange.answerHeader("RateLimit", "\"" + busy.policy() + "\";r=0;t=1");
      throw new Rejection(
              ProblemType.QUOTA_EXCEEDED,
              busy.who()
                  + " has "
                  + busy.share()
                  + " requests under way, its limit here; retry when one is answered")
          .with("Retry-After", "1");
    }
    boolean predicts = exchange.route().permits() == Action.MODEL_PREDICT;
    // the key's own limits first: a key over one of them takes nothing from its tenant's
    Future<Void> own = key.limitsRate() ? keyRate(exchange, tenant, key) : GO_ON;
    if (predicts && key.limitsPredictions()) {
      own = own.compose(ok -> keyQuotas(tenant, key));
    }
    return own.compose(
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
              return predicts ? tenantQuotas(tenant, key, limits) : GO_ON;
            });
  }

  /** The RateLimit-Policy field: the tenant's policies, then the key's own where it has them. */
  private String policies(KnownTenant.QuotaLimits limits, KeyQuota key) {
    StringBuilder policy =
        new StringBuilder("\"rate\";q=")
            .append(limits.burst())
            .append(";w=")
            .append(window(limits.burst(), limits.ratePerSecond()))
            .append(", \"concurrency\";q=")
            .append(concurrent.share(limits.maxConcurrent()))
            .append(";qu=\"concurrent-requests\"");
    if (key.limitsRate()) {
      policy
          .append(", \"key-rate\";q=")
          .append(key.burst())
          .append(";w=")
          .append(window(key.burst(), key.ratePerSecond()));
    }
    if (key.limitsConcurrency()) {
      policy
          .append(", \"key-concurrency\";q=")
          .append(concurrent.share(key.maxConcurrent()))
          .append(";qu=\"concurrent-requests\"");
    }
    return policy.toString();
  }

  /** Whose share of requests under way is in use, under which policy. */
  private record Busy(String policy, String who, int share) {}

  /**
   * Takes a slot of the key's concurrency (when it has a limit of its own) and of its tenant's,
   * given back once the request is done; when either is in use, takes none and says whose.
   */
  private Busy concurrency(
      Exchange exchange, String tenant, KeyQuota key, KnownTenant.QuotaLimits limits) {
    String keyHolder = key.limitsConcurrency() ? tenant + "/" + key.id() : null;
    if (keyHolder != null && !concurrent.tryAcquire(keyHolder, key.maxConcurrent())) {
      return new Busy("key-concurrency", "This API key", concurrent.share(key.maxConcurrent()));
    }
    if (!concurrent.tryAcquire(tenant, limits.maxConcurrent())) {
      if (keyHolder != null) {
        concurrent.release(keyHolder);
      }
      return new Busy("concurrency", "Your organisation", concurrent.share(limits.maxConcurrent()));
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
   * The key's own daily and monthly prediction quotas, counting instances, checked before its
   * tenant's bucket is drawn from. Counters that cannot be read now let the request go on (the rate
   * limits still hold; without the audit store the request could not be answered anyway).
   */
  private Future<Void> keyQuotas(String tenant, KeyQuota key) {
    return checked(
        daily.used(tenant, key.id()),
        (used, now) -> {
          if (key.dailyInstances() != null && used.keyToday() >= key.dailyInstances()) {
            throw quotaUsed("This API key has", "daily", key.dailyInstances(), untilDay(now));
          }
          if (key.monthlyInstances() != null && used.keyMonth() >= key.monthlyInstances()) {
            throw quotaUsed("This API key has", "monthly", key.monthlyInstances(), untilMonth(now));
          }
        });
  }

  /** The tenant's daily and monthly prediction quotas, likewise. */
  private Future<Void> tenantQuotas(String tenant, KeyQuota key, KnownTenant.QuotaLimits limits) {
    // the same read as the key's, when it had one: one round trip a second for both
    return checked(
        daily.used(tenant, key.limitsPredictions() ? key.id() : DailyUse.NO_KEY),
        (used, now) -> {
          if (used.today() >= limits.dailyInstances()) {
            throw quotaUsed(
                "Your organisation has", "daily", limits.dailyInstances(), untilDay(now));
          }
          if (used.month() >= limits.monthlyInstances()) {
            throw quotaUsed(
                "Your organisation has", "monthly", limits.monthlyInstances(), untilMonth(now));
          }
        });
  }

  private static Future<Void> checked(
      Future<DailyUse.Used> counted,
      java.util.function.BiConsumer<DailyUse.Used, ZonedDateTime> check) {
    return counted
        .<Void>map(
            used -> {
              if (used != DailyUse.UNKNOWN) {
                check.accept(used, ZonedDateTime.now(ZoneOffset.UTC));
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
