package io.medmaas.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * Drives a request function for a bounded time. Closed loop: {@code concurrency} callers, each
 * sending the next request when the last is answered (throughput at that concurrency). Open loop:
 * requests started at a fixed rate, latency counted from the intended start, so a stall is not
 * hidden (no coordinated omission). Everything stops by itself at the deadline.
 */
final class LoadGenerator {

  /** One request; true when it succeeded. */
  @FunctionalInterface
  interface Call {
    boolean send() throws Exception;
  }

  private LoadGenerator() {}

  static Measurement closed(
      String scenario,
      String path,
      int concurrency,
      Call call,
      Duration warmup,
      Duration measure,
      List<Long> pids)
      throws Exception {
    run(concurrency, call, warmup, new Recorder(3), new AtomicLong());
    Recorder recorder = new Recorder(3);
    AtomicLong failures = new AtomicLong();
    double cpuBefore = ProcessCpu.millis(pids);
    long start = System.nanoTime();
    run(concurrency, call, measure, recorder, failures);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = ProcessCpu.millis(pids) - cpuBefore;
    return measurement(scenario, path, concurrency, recorder, failures, seconds, cpu);
  }

  private static void run(
      int concurrency, Call call, Duration length, Recorder recorder, AtomicLong failures)
      throws Exception {
    long end = System.nanoTime() + length.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      workers.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < end) {
                  attempt(call, System.nanoTime(), recorder, failures);
                }
                return null;
              }));
    }
    for (Future<?> worker : workers) {
      worker.get(length.toSeconds() + 120, TimeUnit.SECONDS);
    }
    pool.shutdownNow();
  }

  static Measurement open(
      String scenario, String path, double rate, Call call, Duration measure, List<Long> pids)
      throws Exception {
    Recorder recorder = new Recorder(3);
    AtomicLong failures = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(64);
    long intervalNanos = (long) (1e9 / rate);
    long start = System.nanoTime();
    long end = start + measure.toNanos();
    double cpuBefore = ProcessCpu.millis(pids);
    List<Future<?>> sent = new ArrayList<>();
    for (long intended = start; intended < end; intended += intervalNanos) {
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      long scheduled = intended;
      sent.add(pool.submit(() -> attempt(call, scheduled, recorder, failures)));
    }
    for (Future<?> future : sent) {
      future.get(120, TimeUnit.SECONDS);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = ProcessCpu.millis(pids) - cpuBefore;
    pool.shutdownNow();
    return measurement(scenario, path, 0, recorder, failures, seconds, cpu);
  }

  /** Sends one request; records its latency from {@code startNanos}, or counts the failure. */
  private static void attempt(Call call, long startNanos, Recorder recorder, AtomicLong failures) {
    boolean ok;
    try {
      ok = call.send();
    } catch (Exception e) {
      ok = false;
    }
    if (ok) {
      recorder.recordValue((System.nanoTime() - startNanos) / 1_000);
    } else {
      failures.incrementAndGet();
    }
  }

  private static Measurement measurement(
      String scenario,
      String path,
      int concurrency,
      Recorder recorder,
      AtomicLong failures,
      double seconds,
      double cpuMillis) {
    var histogram = recorder.getIntervalHistogram();
    long count = histogram.getTotalCount();
    return new Measurement(
        scenario,
        path,
        concurrency,
        count / seconds,
        histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0,
        count,
        failures.get(),
        count == 0 ? 0 : cpuMillis / count);
  }
}
