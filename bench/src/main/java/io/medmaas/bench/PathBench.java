package io.medmaas.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The request paths side by side on one stack: the bare hop to inference (internal token, no
 * gateway, no audit) and the full gateway path (tenant JWT, authorization, internal token, durable
 * audit record), closed loop with {@link Wrk} at concurrency 8 and at saturation, the cost of fsync
 * (the same path with PostgreSQL's fsync off for one run), and the latency at half of saturation,
 * open loop.
 */
final class PathBench {

  /** The processes whose CPU a path costs. */
  record Processes(long gateway, long inference, long registry, Path postgresData) {}

  private interface Load {
    Wrk.Result run() throws Exception;
  }

  private final Wrk wrk;
  private final Processes processes;
  private final AuditBatches audit;

  PathBench(Wrk wrk, Processes processes, AuditBatches audit) {
    this.wrk = wrk;
    this.processes = processes;
    this.audit = audit;
  }

  /** A closed loop through wrk. */
  PathFigures closed(
      String path, String url, String body, String bearer, int connections, Duration length)
      throws Exception {
    return measure(
        path,
        "c=" + connections,
        connections,
        () -> wrk.post(url, body, bearer, connections, length));
  }

  /** A closed loop through wrk with a partner's API key instead of a token. */
  PathFigures closedWithKey(
      String path, String url, String body, String apiKey, int connections, Duration length)
      throws Exception {
    return measure(
        path,
        "c=" + connections,
        connections,
        () -> wrk.postWithKey(url, body, apiKey, connections, length));
  }

  /** An open loop at {@code rate} requests per second from this JVM (its CPU is counted). */
  PathFigures open(
      String path, String url, String body, String bearer, double rate, Duration length)
      throws Exception {
    return measure(
        path,
        String.format(java.util.Locale.ROOT, "open %.0f/s", rate),
        0,
        () -> {
          double before = ProcessCpu.millis(List.of(-1L));
          Wrk.Result r = OpenLoop.post(url, body, bearer, rate, 16, length);
          double cpu = ProcessCpu.millis(List.of(-1L)) - before;
          return new Wrk.Result(
              r.requests(),
              r.seconds(),
              r.throughput(),
              r.p50Millis(),
              r.p99Millis(),
              r.failures(),
              cpu);
        });
  }

  private PathFigures measure(String path, String load, int concurrency, Load run)
      throws Exception {
    long mark = audit.mark();
    double gateway = ProcessCpu.millis(List.of(processes.gateway()));
    double inference = ProcessCpu.millis(List.of(processes.inference()));
    double registry = ProcessCpu.millis(List.of(processes.registry()));
    double postgres = ProcessCpu.postgres(processes.postgresData());
    Wrk.Result result = run.run();
    double n = Math.max(1, result.requests());
    return new PathFigures(
        path,
        load,
        concurrency,
        result.throughput(),
        result.p50Millis(),
        result.p99Millis(),
        result.failures(),
        (ProcessCpu.millis(List.of(processes.gateway())) - gateway) / n,
        (ProcessCpu.millis(List.of(processes.inference())) - inference) / n,
        (ProcessCpu.millis(List.of(processes.registry())) - registry) / n,
        (ProcessCpu.postgres(processes.postgresData()) - postgres) / n,
        result.cpuMillis() / n,
        audit.recordsPerTransaction(mark));
  }
}
