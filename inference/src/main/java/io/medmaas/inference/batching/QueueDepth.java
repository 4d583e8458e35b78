package io.medmaas.inference.batching;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The requests waiting in this pod's batch queues, all models and tenants together: the gauge
 * {@code medmaas_inference_queued_requests}, on which the Kubernetes chart's autoscaler can scale
 * inference out before the queues fill and callers get 503. It counts requests only: no tenant,
 * model or value is in it. A batcher is held weakly, so an unloaded model's drops out.
 */
@ApplicationScoped
public class QueueDepth {

  private final Set<Batcher> batchers = Collections.newSetFromMap(new WeakHashMap<>());

  @Inject MeterRegistry meters;

  @PostConstruct
  void register() {
    Gauge.builder("medmaas.inference.queued.requests", this, QueueDepth::total)
        .description("Requests waiting in this pod's batch queues")
        .register(meters);
  }

  /** Counts {@code batcher}'s queue from now on. */
  public void track(Batcher batcher) {
    synchronized (batchers) {
      batchers.add(batcher);
    }
  }

  /** Requests waiting now, over every batcher tracked. */
  public int total() {
    List<Batcher> live;
    synchronized (batchers) {
      live = new ArrayList<>(batchers);
    }
    return live.stream().mapToInt(Batcher::queued).sum();
  }
}
