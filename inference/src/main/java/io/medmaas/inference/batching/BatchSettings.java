package io.medmaas.inference.batching;

import java.time.Duration;

/**
 * How one model version's queue and batcher behave.
 *
 * @param maxBatchRows most rows (instances) run together; 1 turns batching off
 * @param maxQueueDelay how long a worker holding a partial batch waits for more rows of the same
 *     tenant; zero batches only what is already queued
 * @param maxQueued most requests waiting for this model version (all tenants); beyond it: 503
 * @param tenantShare fraction of {@code maxQueued} one tenant may hold; beyond it: 429
 * @param workers worker threads, each with its own ONNX Runtime session wrapper
 * @param deadline how long a request may wait and run before it is answered 503
 */
public record BatchSettings(
    int maxBatchRows,
    Duration maxQueueDelay,
    int maxQueued,
    double tenantShare,
    int workers,
    Duration deadline) {

  public BatchSettings {
    if (maxBatchRows < 1 || maxQueued < 1 || workers < 1) {
      throw new IllegalArgumentException("Batch settings must be positive");
    }
    if (tenantShare <= 0 || tenantShare > 1) {
      throw new IllegalArgumentException("The tenant share must be in (0, 1]");
    }
  }

  /** Most requests one tenant may have waiting. */
  public int tenantLimit() {
    return Math.max(1, (int) Math.floor(maxQueued * tenantShare));
  }
}
