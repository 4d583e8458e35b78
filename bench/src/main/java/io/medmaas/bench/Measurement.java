package io.medmaas.bench;

/**
 * One scenario's figures: completed requests per second, latency percentiles in milliseconds,
 * failed requests, and CPU milliseconds per request spent by the measured process(es).
 */
record Measurement(
    String scenario,
    String path,
    int concurrency,
    double throughput,
    double p50Millis,
    double p99Millis,
    long requests,
    long failures,
    double cpuMillisPerRequest) {}
