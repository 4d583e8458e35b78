package io.medmaas.tenancy.quota.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A tenant's limits; in an override, a null field keeps the plan's value.
 *
 * @param ratePerSecond requests per second, refilled continuously (a token bucket)
 * @param burst the most requests at once after a quiet spell (the bucket's size)
 * @param dailyInstances predictions per UTC day, counting instances, not requests
 * @param monthlyInstances predictions per UTC month, likewise
 * @param maxBatch the most instances in one request
 * @param maxConcurrent the most requests under way at once
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Limits(
    Double ratePerSecond,
    Integer burst,
    Long dailyInstances,
    Long monthlyInstances,
    Integer maxBatch,
    Integer maxConcurrent) {

  /** These limits with each field {@code override} sets taking its place. */
  public Limits overriddenBy(Limits override) {
    if (override == null) {
      return this;
    }
    return new Limits(
        override.ratePerSecond != null ? override.ratePerSecond : ratePerSecond,
        override.burst != null ? override.burst : burst,
        override.dailyInstances != null ? override.dailyInstances : dailyInstances,
        override.monthlyInstances != null ? override.monthlyInstances : monthlyInstances,
        override.maxBatch != null ? override.maxBatch : maxBatch,
        override.maxConcurrent != null ? override.maxConcurrent : maxConcurrent);
  }
}
