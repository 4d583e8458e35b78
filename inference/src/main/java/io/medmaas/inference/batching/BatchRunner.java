package io.medmaas.inference.batching;

import io.medmaas.inference.engine.Tensor;
import java.util.List;

/** Runs one batch on one model session; each batcher worker owns one. Not thread-safe. */
public interface BatchRunner extends AutoCloseable {

  List<Tensor> run(List<Tensor> inputs);

  @Override
  void close();
}
