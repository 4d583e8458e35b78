package io.medmaas.bench;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The benchmark's tables in Markdown, with the ratios the targets are stated in. */
final class Report {

  private Report() {}

  static String markdown(
      List<PathFigures> paths,
      PathFigures halfLoad,
      int saturation,
      List<Measurement> engine,
      List<Measurement[]> batching,
      List<Measurement[]> delays,
      Duration warmup,
      Duration measure,
      Duration pathLength,
      long elapsedNanos) {
    StringBuilder md = new StringBuilder();
    md.append("# Serving benchmark\n\n");
    md.append("Produced by `bench/run` on ")
        .append(LocalDate.now())
        .append(" (")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, Java ")
        .append(System.getProperty("java.version"))
        .append("), loopback only; the whole run took ")
        .append(elapsedNanos / 1_000_000_000 / 60)
        .append(" min. Each path figure is ")
        .append(pathLength.toSeconds())
        .append(" s of load after the JIT warm-up; each engine and batching figure ")
        .append(measure.toSeconds())
        .append(" s after ")
        .append(warmup.toSeconds())
        .append(" s of warm-up. The load generator shares the machine's two cores with the")
        .append(" services, so absolute figures are noisy: read the ratios, which come from the")
        .append(" same run.\n\n");
    md.append(PathReport.markdown(paths, halfLoad, saturation));

    md.append("## Engine: batch 1 vs batch 32 (raw ONNX Runtime, one thread)\n\n");
    md.append(
        "| family | items/s batch 1 | items/s batch 32 | ratio | CPU ms/item batch 1 | CPU ms/item batch 32 |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i + 1 < engine.size(); i += 2) {
      Measurement one = engine.get(i);
      Measurement many = engine.get(i + 1);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %.0f | %.1fx | %.4f | %.4f |%n",
              one.scenario(),
              one.throughput(),
              many.throughput(),
              many.throughput() / one.throughput(),
              one.cpuMillisPerRequest(),
              many.cpuMillisPerRequest()));
    }

    md.append("\n## Dynamic batching off vs on (bare hop, one instance per request)\n\n");
    md.append(
        "| family | concurrency | off req/s | on req/s | on / off | off p99 ms | on p99 ms | off CPU ms/req | on CPU ms/req | failed |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Measurement[] pair : batching) {
      Measurement off = pair[0];
      Measurement on = pair[1];
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.0f | %.0f | %.2fx | %.2f | %.2f | %.3f | %.3f | %d |%n",
              off.scenario(),
              off.concurrency(),
              off.throughput(),
              on.throughput(),
              on.throughput() / off.throughput(),
              off.p99Millis(),
              on.p99Millis(),
              off.cpuMillisPerRequest(),
              on.cpuMillisPerRequest(),
              off.failures() + on.failures()));
    }
    md.append("\n## Queue delay: batch what waits (0) vs wait to fill (bare hop)\n\n");
    md.append(
        "| family | concurrency | delay 0 req/s | waiting req/s | ratio | delay 0 p99 ms | waiting p99 ms |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Measurement[] pair : delays) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.0f | %.0f (%s) | %.2fx | %.2f | %.2f |%n",
              pair[0].scenario(),
              pair[0].concurrency(),
              pair[0].throughput(),
              pair[1].throughput(),
              pair[1].path(),
              pair[1].throughput() / pair[0].throughput(),
              pair[0].p99Millis(),
              pair[1].p99Millis()));
    }
    md.append("\n## Against the targets\n\n");
    md.append(PathReport.targets(paths, halfLoad, saturation));
    double best = 0;
    String bestFamily = "";
    for (Measurement[] pair : batching) {
      double ratio = pair[1].throughput() / pair[0].throughput();
      if (ratio > best) {
        best = ratio;
        bestFamily = pair[0].scenario() + " at concurrency " + pair[0].concurrency();
      }
    }
    md.append(
        String.format(
            Locale.ROOT,
            "- Best batching gain over HTTP: %.2fx (%s); target ≥ 3x where batching helps.%n",
            best,
            bestFamily));
    md.append(
        "\n## Reading the figures\n\n"
            + "- The engine is not the cost of a small model over HTTP: the MLP takes microseconds"
            + " in ONNX Runtime, while one HTTP request with a JSON body, token verification and"
            + " the response takes a few hundred microseconds of CPU in the service. Dynamic"
            + " batching saves engine time (the engine table) and therefore gains little per"
            + " request over HTTP for these models; it matters where the engine dominates (larger"
            + " models, multi-instance requests, explanations, which send up to 1,024 rows in one"
            + " batch).\n"
            + "- The full path crosses two JVMs and PostgreSQL: the gateway (token verified once and"
            + " cached, route, internal token reused, relay), inference, and the gateway's own"
            + " durable append of the access record (group-committed; the response leaves after"
            + " the commit, so every request waits for a WAL flush). The bare hop carries none of"
            + " that, and at its higher rate inference batches more requests per run.\n"
            + "- JVM services on this machine need about a minute of load before the JIT settles;"
            + " the run warms every path first.\n");
    md.append(
        "\nReproduce: `bench/run` (builds what it needs, starts its own stack on free ports,"
            + " stops it at the end; installs Debian's `wrk` when it is missing; `-Dbench.seconds=N`"
            + " and `-Dbench.path-seconds=N` lengthen the measurements). Before/after figures of a"
            + " change, two stacks side by side: `bench/ab-gateway.py`; those of the gateway"
            + " pipeline change are in"
            + " [benchmark-pipeline-before-after.md](benchmark-pipeline-before-after.md).\n");
    return md.toString();
  }
}
