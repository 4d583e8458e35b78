package io.medmaas.tenancy.quota.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;

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

  /** No limit set at all (an override or a key's limits that change nothing). */
  @JsonIgnore
  public boolean none() {
    return ratePerSecond == null
        && burst == null
        && dailyInstances == null
        && monthlyInstances == null
        && maxBatch == null
        && maxConcurrent == null;
  }

  /** These limits, when each is within its bounds; else a 422 saying which is not. */
  public Limits checked() {
    require(
        ratePerSecond == null || (ratePerSecond > 0 && ratePerSecond <= 100_000),
        "ratePerSecond must be above 0 and at most 100000");
    require(
        burst == null || (burst >= 1 && burst <= 1_000_000), "burst must be between 1 and 1000000");
    require(dailyInstances == null || dailyInstances >= 0, "dailyInstances must be 0 or more");
    require(
        monthlyInstances == null || monthlyInstances >= 0, "monthlyInstances must be 0 or more");
    require(
        maxBatch == null || (maxBatch >= 1 && maxBatch <= 64), "maxBatch must be between 1 and 64");
    require(
        maxConcurrent == null || (maxConcurrent >= 1 && maxConcurrent <= 100_000),
        "maxConcurrent must be between 1 and 100000");
    return this;
  }

  private static void require(boolean rule, String detail) {
    if (!rule) {
      throw new ProblemException(ProblemType.INVALID_INPUT, detail);
    }
  }
}
