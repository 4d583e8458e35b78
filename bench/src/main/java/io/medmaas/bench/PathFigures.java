package io.medmaas.bench;

/**
 * One path measurement: throughput and latency, CPU milliseconds per request of every process on
 * the path and of the load generator itself, and how many audit records each transaction carried.
 *
 * @param path what was measured ("bare hop to inference", "gateway + JWT"...)
 * @param load how: "c=8" (closed loop, connections) or "open 1600/s"
 * @param concurrency connections of a closed loop, 0 for an open loop
 */
record PathFigures(
    String path,
    String load,
    int concurrency,
    double throughput,
    double p50Millis,
    double p99Millis,
    long failures,
    double gateway,
    double inference,
    double registry,
    double postgres,
    double generator,
    double recordsPerTransaction) {

  double totalCpu() {
    return gateway + inference + registry + postgres + generator;
  }
}
