package io.medmaas.inference.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.medmaas.inference.engine.Tensor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pod's queue-depth gauge (what the chart's autoscaler may scale inference on). */
class QueueDepthTest {

  @Test
  void theGaugeCountsRequestsWaitingInEveryBatcherAndFallsToZeroWhenServed() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(2);
    BatchRunner held =
        new BatchRunner() {
          @Override
          public List<Tensor> run(List<Tensor> inputs) {
            running.countDown();
            try {
              gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return List.of(new Tensor("y", inputs.get(0).shape(), inputs.get(0).data()));
          }

          @Override
          public void close() {}
        };
    BatchSettings settings =
        new BatchSettings(1, Duration.ZERO, 64, 1.0, 1, Duration.ofSeconds(20));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    QueueDepth depth = new QueueDepth();
    depth.meters = meters;
    depth.register();
    try (Batcher a = new Batcher("a", settings, () -> held);
        Batcher b = new Batcher("b", settings, () -> held)) {
      depth.track(a);
      depth.track(b);
      List<CompletableFuture<List<Tensor>>> answers = new ArrayList<>();
      List<Tensor> row = List.of(Tensor.single("x", new long[] {2}, new float[] {1, 0}));
      answers.add(a.submit("aurora", row));
      answers.add(b.submit("cedar", row));
      running.await(10, TimeUnit.SECONDS); // one request of each is being run, held at the gate
      for (int i = 0; i < 3; i++) {
        answers.add(a.submit("aurora", row));
      }
      answers.add(b.submit("cedar", row));
      assertEquals(4.0, meters.get("medmaas.inference.queued.requests").gauge().value());
      gate.countDown();
      for (var answer : answers) {
        answer.get(10, TimeUnit.SECONDS);
      }
      assertEquals(0.0, meters.get("medmaas.inference.queued.requests").gauge().value());
    }
  }
}
