package io.medmaas.bench;

import java.util.List;
import java.util.Locale;

/** The path tables of the benchmark report and the path targets, as ratios from one run. */
final class PathReport {

  static final String BARE = "bare hop to inference";
  static final String GATEWAY = "gateway + JWT, audit durable";
  static final String GATEWAY_NO_FSYNC = "gateway + JWT, fsync off";
  static final String API_KEY = "gateway + API key, audit durable";
  static final String GATEWAY_NO_QUOTA = "gateway + JWT, quota stage off";

  private PathReport() {}

  static String markdown(List<PathFigures> paths, PathFigures halfLoad, int saturation) {
    StringBuilder md = new StringBuilder();
    md.append("## Paths (MLP, one instance per request)\n\n");
    md.append(
        "Closed loops from `wrk` (one thread, Lua script); the open loop from the bench's own JVM"
            + " (16 keep-alive connections over plain sockets, each on a fixed schedule, latency"
            + " counted from the scheduled start)."
            + " CPU columns are milliseconds per request of each process; PostgreSQL is the whole"
            + " cluster (backends, WAL writer, checkpointer); the load generator is wrk's own CPU,"
            + " or the bench JVM's for the open loop. Records per transaction: the access records"
            + " of the run over the distinct transactions that wrote them (each row's `xmin`).\n\n");
    md.append(
        "| path | load | req/s | p50 ms | p99 ms | gateway | inference | registry | PostgreSQL"
            + " | load gen | total CPU ms/req | audit records/txn | failed | req/s vs bare hop |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (PathFigures f : paths) {
      md.append(row(f, bare(paths, f.concurrency())));
    }
    if (halfLoad != null) {
      md.append(row(halfLoad, null));
    }
    md.append("\n");
    return md.toString();
  }

  /** The path targets, each with the figure measured and by how much it is missed. */
  static String targets(List<PathFigures> paths, PathFigures halfLoad, int saturation) {
    StringBuilder md = new StringBuilder();
    for (int concurrency : new int[] {8, saturation}) {
      PathFigures bare = bare(paths, concurrency);
      PathFigures gateway = find(paths, GATEWAY, concurrency);
      if (bare != null && gateway != null) {
        double ratio = gateway.throughput() / bare.throughput();
        md.append(
            String.format(
                Locale.ROOT,
                "- Full gateway path at %s: %.0f %% of the bare hop's throughput (target ≥ 45 %%)%s.%n",
                concurrency == 8 ? "concurrency 8" : "saturation (c=" + concurrency + ")",
                ratio * 100,
                ratio >= 0.45
                    ? ": met"
                    : String.format(Locale.ROOT, ": missed by %.0f points", (0.45 - ratio) * 100)));
      }
    }
    if (halfLoad != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "- p99 at half of saturation (open loop, %s): %.2f ms (target ≤ 5 ms)%s.%n",
              halfLoad.load(),
              halfLoad.p99Millis(),
              halfLoad.p99Millis() <= 5 ? ": met" : ": missed"));
    }
    for (int concurrency : new int[] {8, saturation}) {
      PathFigures metered = find(paths, GATEWAY, concurrency);
      PathFigures unmetered = find(paths, GATEWAY_NO_QUOTA, concurrency);
      if (metered != null && unmetered != null) {
        // the stage's own work is in the gateway; its leases and counter reads in PostgreSQL
        double gatewayMicros = 1000 * (metered.gateway() - unmetered.gateway());
        double withStore =
            1000
                * (metered.gateway()
                    + metered.postgres()
                    - unmetered.gateway()
                    - unmetered.postgres());
        md.append(
            String.format(
                Locale.ROOT,
                "- The quota stage at c=%d: gateway CPU %.3f vs %.3f ms/req with it on and off,"
                    + " %+.0f µs a request (%+.0f µs with PostgreSQL's share; target ≤ 50 µs)%s.%n",
                concurrency,
                metered.gateway(),
                unmetered.gateway(),
                gatewayMicros,
                withStore,
                withStore <= 50 ? ": met" : ": missed"));
      }
    }
    PathFigures durable = find(paths, GATEWAY, 8);
    PathFigures noFsync = find(paths, GATEWAY_NO_FSYNC, 8);
    if (durable != null && noFsync != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "- What fsync costs: %.0f vs %.0f req/s at concurrency 8 (durable / fsync off %.2f),"
                  + " p99 %.2f vs %.2f ms.%n",
              durable.throughput(),
              noFsync.throughput(),
              durable.throughput() / noFsync.throughput(),
              durable.p99Millis(),
              noFsync.p99Millis()));
    }
    return md.toString();
  }

  private static String row(PathFigures f, PathFigures bare) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %.0f | %.2f | %.2f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %s | %d | %s |%n",
        f.path(),
        f.load(),
        f.throughput(),
        f.p50Millis(),
        f.p99Millis(),
        f.gateway(),
        f.inference(),
        f.registry(),
        f.postgres(),
        f.generator(),
        f.totalCpu(),
        f.recordsPerTransaction() == 0
            ? "-"
            : String.format(Locale.ROOT, "%.1f", f.recordsPerTransaction()),
        f.failures(),
        bare == null || f == bare
            ? ""
            : String.format(Locale.ROOT, "%.0f %%", 100 * f.throughput() / bare.throughput()));
  }

  private static PathFigures bare(List<PathFigures> paths, int concurrency) {
    return find(paths, BARE, concurrency);
  }

  private static PathFigures find(List<PathFigures> paths, String path, int concurrency) {
    return paths.stream()
        .filter(f -> f.path().equals(path) && f.concurrency() == concurrency)
        .findFirst()
        .orElse(null);
  }
}
