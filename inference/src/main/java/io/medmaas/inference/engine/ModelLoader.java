package io.medmaas.inference.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.medmaas.common.digest.Sha256;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.inference.InferenceConfig;
import io.medmaas.inference.batching.BatchRunner;
import io.medmaas.inference.batching.Batcher;
import io.medmaas.inference.batching.QueueDepth;
import io.medmaas.inference.family.ModelFamilies;
import io.medmaas.inference.family.ModelFamily;
import io.medmaas.inference.registry.ModelVersionInfo;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns verified artifact bytes into a warmed {@link LoadedModel}: checks the SHA-256 against the
 * registry's, loads through DJL with the ONNX Runtime engine, runs a warm-up batch on every worker
 * session, and only then hands it out.
 */
@ApplicationScoped
public class ModelLoader {

  private static final Logger LOG = Logger.getLogger(ModelLoader.class);
  private static final String ENGINE = "OnnxRuntime";

  /**
   * Memory estimate of a loaded model: ONNX Runtime keeps the initialisers (about the artifact's
   * size) once per session plus working buffers; small models need a few MiB per session.
   */
  private static final long SESSION_OVERHEAD_BYTES = 4L << 20;

  @Inject InferenceConfig config;
  @Inject BatchSettingsSource batchSettings;
  @Inject QueueDepth queueDepth;

  /** Initialises ONNX Runtime at start-up, so the first prediction does not pay for it. */
  void onStart(@Observes StartupEvent event) {
    Engine.getEngine(ENGINE);
  }

  public LoadedModel load(ModelVersionInfo info, byte[] onnx) {
    String actual = Sha256.hex(onnx);
    if (!actual.equals(info.sha256())) {
      LOG.errorf("Artifact digest mismatch for %s version %s", info.model(), info.version());
      throw new ProblemException(
          ProblemType.BAD_GATEWAY, "The model artifact failed its integrity check");
    }
    Engine.getEngine(ENGINE); // before any direct ONNX Runtime use (RECIPES)
    Signature signature =
        Signature.recorded(info.signature()).orElseGet(() -> Signature.derive(onnx));
    if (!signature.allFloat()) {
      throw new ProblemException(
          ProblemType.NOT_IMPLEMENTED,
          "Only models whose inputs and outputs are all FP32 are served by this release");
    }
    Optional<ModelFamily> family = ModelFamilies.forCard(info.card());
    long start = System.nanoTime();
    try {
      ZooModel<List<Tensor>, List<Tensor>> zoo = fromBytes(info, signature, onnx);
      List<Tensor> warmup = family.map(ModelFamily::warmup).orElseGet(signature::zeroInputs);
      Batcher batcher;
      try {
        batcher =
            new Batcher(
                info.model() + "@" + info.version(),
                batchSettings.forModel(info.model()),
                () -> warmedRunner(zoo, warmup));
      } catch (RuntimeException e) {
        zoo.close();
        LOG.errorf("%s version %s failed its warm-up", info.model(), info.version());
        throw new ProblemException(ProblemType.UNAVAILABLE, "The model could not be loaded");
      }
      queueDepth.track(batcher);
      long bytes =
          onnx.length * (long) config.inference().predictorsPerModel()
              + SESSION_OVERHEAD_BYTES * config.inference().predictorsPerModel();
      LOG.infof(
          "Loaded and warmed %s version %s in %d ms",
          info.model(), info.version(), (System.nanoTime() - start) / 1_000_000);
      return new LoadedModel(info, signature, family, zoo, batcher, bytes);
    } catch (IOException | MalformedModelException e) {
      LOG.errorf("Could not load %s version %s: %s", info.model(), info.version(), e.getClass());
      throw new ProblemException(ProblemType.UNAVAILABLE, "The model could not be loaded");
    }
  }

  /** A worker's session wrapper, warmed with one batch before the worker takes requests. */
  private static BatchRunner warmedRunner(
      ZooModel<List<Tensor>, List<Tensor>> zoo, List<Tensor> warmup) {
    Predictor<List<Tensor>, List<Tensor>> predictor = zoo.newPredictor();
    BatchRunner runner =
        new BatchRunner() {
          @Override
          public List<Tensor> run(List<Tensor> inputs) {
            try {
              return predictor.predict(inputs);
            } catch (TranslateException e) {
              throw new ProblemException(ProblemType.INTERNAL, "The model failed to run");
            }
          }

          @Override
          public void close() {
            predictor.close();
          }
        };
    runner.run(warmup);
    return runner;
  }

  /**
   * The model, from the very bytes whose digest was checked: ONNX Runtime builds its sessions from
   * memory, so no file an other process could swap is ever read (external data, which would be read
   * from disk, is refused at upload).
   */
  private ZooModel<List<Tensor>, List<Tensor>> fromBytes(
      ModelVersionInfo info, Signature signature, byte[] onnx)
      throws IOException, MalformedModelException {
    Model model = Model.newInstance(info.model(), Device.cpu(), ENGINE);
    try {
      model.load(
          new ByteArrayInputStream(onnx),
          Map.of(
              "intraOpNumThreads", Integer.toString(config.inference().intraOpThreads()),
              "interOpNumThreads", Integer.toString(config.inference().interOpThreads())));
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw e;
    }
    return new ZooModel<>(model, new TensorTranslator(signature.outputNames()));
  }
}
