package io.medmaas.registry.usage;

import java.util.List;

/**
 * A tenant's metered use between two UTC dates (both included): one row per day, model, version and
 * outcome, with the requests and the instances they held, and the totals.
 */
public record UsageReport(
    String tenant,
    String from,
    String to,
    List<Row> items,
    long requests,
    long succeeded,
    long instances) {

  /**
   * One day's use of one model version with one outcome (an HTTP status), and the mean time the
   * gateway took to answer those requests (milliseconds, rounded).
   */
  public record Row(
      String day,
      String model,
      String version,
      int outcome,
      long requests,
      long instances,
      long latencyMs) {}
}
