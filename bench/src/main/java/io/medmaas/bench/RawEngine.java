package io.medmaas.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The physical limit: ONNX Runtime called in this process, no HTTP, no JSON, no queue; one intra-op
 * thread per session as the service is configured. Batches are all-zero tensors of the model's
 * input shape (cost does not depend on the values for these models).
 */
final class RawEngine implements AutoCloseable {

  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final String input;
  private final long[] itemShape;

  RawEngine(Path onnx, String input, long[] itemShape) throws Exception {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    this.session = environment.createSession(onnx.toString(), options);
    this.input = input;
    this.itemShape = itemShape;
  }

  /** Runs a batch of {@code rows} items; true when the model answered. */
  boolean run(int rows) throws Exception {
    long[] shape = new long[itemShape.length + 1];
    shape[0] = rows;
    long count = rows;
    for (int i = 0; i < itemShape.length; i++) {
      shape[i + 1] = itemShape[i];
      count *= itemShape[i];
    }
    try (OnnxTensor tensor =
            OnnxTensor.createTensor(environment, FloatBuffer.allocate((int) count), shape);
        OrtSession.Result result = session.run(Map.of(input, tensor))) {
      return result.size() > 0;
    }
  }

  /** Items per second (not requests) at batch size {@code rows} from {@code threads} callers. */
  Measurement measure(String scenario, int threads, int rows, Duration warmup, Duration measure)
      throws Exception {
    Measurement m =
        LoadGenerator.closed(
            scenario, "raw ONNX Runtime", threads, () -> run(rows), warmup, measure, List.of(-1L));
    return new Measurement(
        m.scenario(),
        m.path() + " batch " + rows,
        threads,
        m.throughput() * rows,
        m.p50Millis(),
        m.p99Millis(),
        m.requests(),
        m.failures(),
        m.cpuMillisPerRequest() / rows);
  }

  @Override
  public void close() throws Exception {
    session.close();
  }
}
