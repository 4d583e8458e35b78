package io.medmaas.inference.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.inference.engine.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batcher's contract with a stand-in runner (the seam inside the service): batches never mix
 * tenants or shapes, tenants take turns, admission answers at once with 429 or 503, and deadlines
 * hold.
 */
class BatcherTest {

  /** Echoes its input as output "y", records each batch's tenant tags, may hold each batch. */
  private static final class RecordingRunner implements BatchRunner {
    final List<List<Float>> batches = Collections.synchronizedList(new ArrayList<>());
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile long sleepMillis;

    @Override
    public List<Tensor> run(List<Tensor> inputs) {
      try {
        gate.await(10, TimeUnit.SECONDS);
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Tensor x = inputs.get(0);
      List<Float> tags = new ArrayList<>();
      for (int r = 0; r < x.rows(); r++) {
        tags.add(x.row(r)[0]);
      }
      batches.add(tags);
      return List.of(new Tensor("y", x.shape(), x.data()));
    }

    @Override
    public void close() {}
  }

  private final RecordingRunner runner = new RecordingRunner();
  private Batcher batcher;

  private Batcher start(int maxBatch, int maxQueued, long delayMicros, Duration deadline) {
    batcher =
        new Batcher(
            "test",
            new BatchSettings(
                maxBatch, Duration.ofNanos(delayMicros * 1000), maxQueued, 0.5, 1, deadline),
            () -> runner);
    return batcher;
  }

  @AfterEach
  void stop() {
    runner.gate = new CountDownLatch(0);
    if (batcher != null) {
      batcher.close();
    }
  }

  /** One row tagged with the tenant's number (1 or 2) so batches show whose rows they hold. */
  private static List<Tensor> row(float tag) {
    return List.of(Tensor.single("x", new long[] {2}, new float[] {tag, 0}));
  }

  @Test
  void batchesCombineRequestsButNeverMixTenants() throws Exception {
    start(8, 64, 0, Duration.ofSeconds(5));
    runner.gate = new CountDownLatch(1); // hold the worker so requests queue up
    List<CompletableFuture<List<Tensor>>> results = new ArrayList<>();
    results.add(batcher.submit("first", row(0)));
    awaitQueued(0);
    for (int i = 0; i < 6; i++) {
      results.add(batcher.submit("aurora", row(1)));
      results.add(batcher.submit("cedar", row(2)));
    }
    runner.gate.countDown();
    for (CompletableFuture<List<Tensor>> result : results) {
      result.get(5, TimeUnit.SECONDS);
    }
    assertTrue(runner.batches.stream().anyMatch(b -> b.size() > 1), "some requests batched");
    for (List<Float> batch : runner.batches) {
      assertEquals(1, batch.stream().distinct().count(), "one tenant per batch: " + batch);
    }
  }

  @Test
  void outputsGoBackToTheirOwnRequests() throws Exception {
    start(16, 64, 2_000, Duration.ofSeconds(5));
    List<CompletableFuture<List<Tensor>>> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(batcher.submit("aurora", row(i)));
    }
    for (int i = 0; i < 10; i++) {
      Tensor y = results.get(i).get(5, TimeUnit.SECONDS).get(0);
      assertEquals(1, y.rows());
      assertEquals(i, y.data()[0]);
    }
  }

  @Test
  void aFloodingTenantDoesNotStarveAnother() throws Exception {
    start(1, 64, 0, Duration.ofSeconds(10));
    runner.sleepMillis = 2;
    List<CompletableFuture<List<Tensor>>> flood = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      flood.add(batcher.submit("flood", row(1)));
    }
    long start = System.nanoTime();
    batcher.submit("quiet", row(2)).get(5, TimeUnit.SECONDS);
    long quietMillis = (System.nanoTime() - start) / 1_000_000;
    int floodDoneWhenQuietServed = (int) flood.stream().filter(CompletableFuture::isDone).count();
    assertTrue(
        floodDoneWhenQuietServed < 8,
        "the quiet tenant waited for " + floodDoneWhenQuietServed + " flood batches");
    assertTrue(quietMillis < 2_000);
  }

  @Test
  void tenantOverItsShareGets429AndAFullQueue503AtOnce() {
    start(1, 8, 0, Duration.ofSeconds(10));
    runner.gate = new CountDownLatch(1);
    batcher.submit("flood", row(1)); // the worker takes it and holds at the gate
    awaitQueued(0);
    for (int i = 0; i < 4; i++) { // four wait: the tenant's share (8 x 0.5)
      batcher.submit("flood", row(1));
    }
    long start = System.nanoTime();
    ProblemException own =
        assertThrows(ProblemException.class, () -> batcher.submit("flood", row(1)));
    assertEquals(ProblemType.TOO_MANY_REQUESTS, own.type());
    assertEquals(1, own.retryAfterSeconds());
    for (int i = 0; i < 4; i++) {
      batcher.submit("other", row(2));
    }
    ProblemException full =
        assertThrows(ProblemException.class, () -> batcher.submit("third", row(2)));
    assertEquals(ProblemType.UNAVAILABLE, full.type());
    assertTrue((System.nanoTime() - start) / 1_000_000 < 500, "answered at once");
  }

  private void awaitQueued(int count) {
    long end = System.currentTimeMillis() + 5_000;
    while (batcher.queued() != count && System.currentTimeMillis() < end) {
      Thread.onSpinWait();
    }
    assertEquals(count, batcher.queued());
  }

  @Test
  void requestsPastTheirDeadlineAreAnswered503() {
    start(1, 8, 0, Duration.ofMillis(200));
    runner.gate = new CountDownLatch(1);
    batcher.submit("aurora", row(1));
    long start = System.nanoTime();
    ProblemException late =
        assertThrows(ProblemException.class, () -> batcher.run("aurora", row(1)));
    assertEquals(ProblemType.UNAVAILABLE, late.type());
    assertTrue((System.nanoTime() - start) / 1_000_000 < 2_000);
  }

  @Test
  void differentItemShapesAreNotBatchedTogether() throws Exception {
    start(8, 64, 0, Duration.ofSeconds(5));
    runner.gate = new CountDownLatch(1);
    batcher.submit("first", row(0));
    awaitQueued(0);
    CompletableFuture<List<Tensor>> narrow = batcher.submit("aurora", row(1));
    CompletableFuture<List<Tensor>> wide =
        batcher.submit(
            "aurora", List.of(Tensor.single("x", new long[] {3}, new float[] {1, 0, 0})));
    runner.gate.countDown();
    assertEquals(2, narrow.get(5, TimeUnit.SECONDS).get(0).shape()[1]);
    assertEquals(3, wide.get(5, TimeUnit.SECONDS).get(0).shape()[1]);
  }

  @Test
  void closedBatcherRetiresNewRequests() {
    start(1, 8, 0, Duration.ofSeconds(1));
    batcher.close();
    assertThrows(Batcher.Retired.class, () -> batcher.submit("aurora", row(1)));
  }
}
