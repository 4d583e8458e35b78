package io.medmaas.bench;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The benchmark's tables in Markdown, with the ratios the targets are stated in. */
final class Report {

  private Report() {}

  static String markdown(
      List<Measurement> paths,
      Measurement halfLoad,
      List<Measurement> engine,
      List<Measurement[]> batching,
      List<Measurement[]> delays,
      Duration warmup,
      Duration measure,
      long elapsedNanos) {
    StringBuilder md = new StringBuilder();
    md.append("# Serving benchmark\n\n");
    md.append("Produced by `bench/run` on ")
        .append(LocalDate.now())
        .append(" (")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, Java ")
        .append(System.getProperty("java.version"))
        .append("); each figure is ")
        .append(measure.toSeconds())
        .append(" s of load after ")
        .append(warmup.toSeconds())
        .append(" s of warm-up, loopback only; the whole run took ")
        .append(elapsedNanos / 1_000_000_000 / 60)
        .append(" min. The load generator shares the machine's cores with the services, so")
        .append(" absolute figures are pessimistic and noisy: read the ratios, which come from")
        .append(" the same run. CPU per request is the CPU time of the measured processes")
        .append(" (inference; or gateway + inference + registry for the full path, the")
        .append(" registry writing the audit record) divided by the requests answered.\n\n");

    md.append("## Paths (MLP, one instance per request)\n\n");
    md.append(
        "| path | concurrency | req/s | p50 ms | p99 ms | CPU ms/req | failed | req/s vs bare hop |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Measurement m : paths) {
      Measurement bare = find(paths, "bare hop to inference", m.concurrency());
      if ("saturation".equals(m.scenario())) {
        bare = find(paths, "bare hop to inference", 8);
      }
      md.append(
          String.format(
              Locale.ROOT,
              "| %s%s | %d | %.0f | %.2f | %.2f | %.3f | %d | %s |%n",
              m.path(),
              "saturation".equals(m.scenario()) ? " (saturation)" : "",
              m.concurrency(),
              m.throughput(),
              m.p50Millis(),
              m.p99Millis(),
              m.cpuMillisPerRequest(),
              m.failures(),
              bare == null ? "" : percent(m.throughput() / bare.throughput())));
    }
    md.append(
        "| API key path | - | - | - | - | - | - | not measured: API keys are not built yet |\n\n");

    md.append("## Latency at half of saturation (gateway + JWT, MLP, open loop)\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%.0f req/s offered for %d s: p50 %.2f ms, p99 %.2f ms, %d failed (latency counted"
                + " from each request's scheduled start).%n%n",
            halfLoad.throughput(),
            measure.toSeconds() * 2,
            halfLoad.p50Millis(),
            halfLoad.p99Millis(),
            halfLoad.failures()));

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
    Measurement bare8 = find(paths, "bare hop to inference", 8);
    Measurement gateway8 = find(paths, "gateway + JWT", 8);
    if (bare8 != null && gateway8 != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "- Full gateway path at concurrency 8: %s of the bare hop's throughput (target ≥ 45 %%).%n",
              percent(gateway8.throughput() / bare8.throughput())));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "- p99 at half of saturation: %.2f ms (target ≤ 5 ms).%n",
            halfLoad.p99Millis()));
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
            + "- The full path crosses three JVMs: the gateway (token verification, internal token,"
            + " relay), inference, and the registry, which writes the audit record durably before"
            + " the answer leaves (group-committed under load). On two shared cores that costs"
            + " several times the bare hop's CPU per request, hence the ratio.\n"
            + "- JVM services on this machine need about a minute of load before the JIT settles;"
            + " the run warms every path first.\n");
    md.append(
        "\nReproduce: `bench/run` (builds what it needs, starts its own stack on free ports,"
            + " stops it at the end; `-Dbench.seconds=N` lengthens each measurement).\n");
    return md.toString();
  }

  private static Measurement find(List<Measurement> all, String path, int concurrency) {
    return all.stream()
        .filter(m -> m.path().equals(path) && m.concurrency() == concurrency)
        .filter(m -> "path".equals(m.scenario()))
        .findFirst()
        .orElse(null);
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
  }
}
