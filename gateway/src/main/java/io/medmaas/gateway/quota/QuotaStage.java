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
 * forwarded: the tenant's request rate (a token bucket shared by the gateways, {@link RateBuckets})
 * and its concurrent requests ({@link ConcurrentRequests}). Over a limit: 429 {@code
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

  @Override
  public Phase phase() {
    return Phase.QUOTA;
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    GatewayCaller caller = exchange.caller();
    if (caller == null || caller.tenant() == null) {
      return GO_ON;
    }
    if (InternalToken.PLATFORM_TENANT.equals(caller.tenant())) {
      return GO_ON; // the platform's own users have no quota
    }
    KnownTenant.QuotaLimits limits =
        tenants.cachedById(caller.tenant()).map(KnownTenant::limits).orElseGet(this::defaults);
    String tenant = caller.tenant();
    int share = concurrent.share(limits.maxConcurrent());
    exchange.answerHeader(
        "RateLimit-Policy",
        "\"rate\";q="
            + limits.burst()
            + ";w="
            + window(limits)
            + ", \"concurrency\";q="
            + share
            + ";qu=\"concurrent-requests\"");
    if (!concurrent.tryAcquire(tenant, limits.maxConcurrent())) {
      exchange.answerHeader("RateLimit", "\"concurrency\";r=0;t=1");
      throw new Rejection(
              ProblemType.QUOTA_EXCEEDED,
              "Your organisation has "
                  + share
                  + " requests under way, its limit here; retry when"
                  + " one is answered")
          .with("Retry-After", "1");
    }
    exchange.whenDone(() -> concurrent.release(tenant));
    exchange.caller(caller.withMaxBatch(limits.maxBatch())); // inference holds a request to it
    return buckets
        .take(tenant, limits.ratePerSecond(), limits.burst())
        .compose(
            verdict -> {
              exchange.answerHeader(
                  "RateLimit",
                  "\"rate\";r=" + verdict.remaining() + ";t=" + verdict.resetSeconds());
              if (!verdict.allowed()) {
                throw new Rejection(
                        ProblemType.QUOTA_EXCEEDED,
                        "Your organisation's request rate is over its limit of "
                            + limits.burst()
                            + " at once and "
                            + limits.ratePerSecond()
                            + " per second; retry in "
                            + verdict.resetSeconds()
                            + " s")
                    .with("Retry-After", String.valueOf(verdict.resetSeconds()));
              }
              return exchange.route().permits() == Action.MODEL_PREDICT
                  ? predictionQuotas(tenant, limits)
                  : GO_ON;
            });
  }

  /**
   * The daily and monthly prediction quotas, counting instances. If the counters cannot be read
   * now, the request goes on: the rate limit still holds, and the counters are the audit store's,
   * without which the request could not be answered anyway.
   */
  private Future<Void> predictionQuotas(String tenant, KnownTenant.QuotaLimits limits) {
    return daily
        .used(tenant)
        .<Void>map(
            used -> {
              if (used == DailyUse.UNKNOWN) {
                return null;
              }
              ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
              if (used.today() >= limits.dailyInstances()) {
                long wait =
                    Duration.between(
                            now, now.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC))
                        .toSeconds();
                throw quotaUsed("daily", limits.dailyInstances(), Math.max(1, wait));
              }
              if (used.month() >= limits.monthlyInstances()) {
                long wait =
                    Duration.between(
                            now,
                            now.toLocalDate()
                                .withDayOfMonth(1)
                                .plusMonths(1)
                                .atStartOfDay(ZoneOffset.UTC))
                        .toSeconds();
                throw quotaUsed("monthly", limits.monthlyInstances(), Math.max(1, wait));
              }
              return null;
            })
        .recover(
            failure ->
                failure instanceof Rejection
                    ? Future.failedFuture(failure)
                    : Future.<Void>succeededFuture());
  }

  private static Rejection quotaUsed(String period, long quota, long wait) {
    return new Rejection(
            ProblemType.QUOTA_EXCEEDED,
            "Your organisation has used its "
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

  /** The bucket's window: the seconds in which it refills from empty. */
  private static long window(KnownTenant.QuotaLimits limits) {
    return Math.max(1, (long) Math.ceil(limits.burst() / limits.ratePerSecond()));
  }
}
