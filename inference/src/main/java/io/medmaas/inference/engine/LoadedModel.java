package io.medmaas.inference.engine;

import ai.djl.repository.zoo.ZooModel;
import io.medmaas.inference.batching.Batcher;
import io.medmaas.inference.family.ModelFamily;
import io.medmaas.inference.registry.ModelVersionInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One model version loaded in ONNX Runtime through DJL, with its queue and batcher. Requests reach
 * the model only through the batcher.
 */
public final class LoadedModel implements AutoCloseable {

  private final ModelVersionInfo info;
  private final Signature signature;
  private final Optional<ModelFamily> family;
  private final ZooModel<List<Tensor>, List<Tensor>> model;
  private final Batcher batcher;
  private final long estimatedBytes;
  private final AtomicLong lastUsedNanos = new AtomicLong(System.nanoTime());

  LoadedModel(
      ModelVersionInfo info,
      Signature signature,
      Optional<ModelFamily> family,
      ZooModel<List<Tensor>, List<Tensor>> model,
      Batcher batcher,
      long estimatedBytes) {
    this.info = info;
    this.signature = signature;
    this.family = family;
    this.model = model;
    this.batcher = batcher;
    this.estimatedBytes = estimatedBytes;
  }

  public String name() {
    return info.model();
  }

  public String version() {
    return info.version();
  }

  public ModelVersionInfo info() {
    return info;
  }

  public Signature signature() {
    return signature;
  }

  /** The native API's view of the model; empty when its task is served through OIP only. */
  public Optional<ModelFamily> family() {
    return family;
  }

  public Batcher batcher() {
    return batcher;
  }

  /** Memory held by the model, estimated from its artifact size (see ModelLoader). */
  public long estimatedBytes() {
    return estimatedBytes;
  }

  public long lastUsedNanos() {
    return lastUsedNanos.get();
  }

  /** Runs one request's inputs for {@code tenant} through the queue; the outputs come back. */
  public List<Tensor> run(String tenant, List<Tensor> inputs) {
    return batcher.await(submit(tenant, inputs));
  }

  /** Queues one request's inputs for {@code tenant}; the future completes on a batch worker. */
  public CompletableFuture<List<Tensor>> submit(String tenant, List<Tensor> inputs) {
    lastUsedNanos.set(System.nanoTime());
    return batcher.submit(tenant, inputs);
  }

  /** Stops taking requests, lets the queued ones finish, then frees the sessions. */
  @Override
  public void close() {
    batcher.close();
    batcher.awaitTermination(30_000);
    model.close();
  }
}
