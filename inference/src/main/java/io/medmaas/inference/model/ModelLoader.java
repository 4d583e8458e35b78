package io.medmaas.inference.model;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import io.medmaas.common.digest.Sha256;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.inference.InferenceConfig;
import io.medmaas.inference.registry.ModelVersionInfo;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Turns verified artifact bytes into a warmed {@link LoadedModel}: checks the SHA-256 against the
 * registry's, loads through DJL with the ONNX Runtime engine, runs one warm-up batch.
 */
@ApplicationScoped
public class ModelLoader {

  private static final Logger LOG = Logger.getLogger(ModelLoader.class);

  @Inject InferenceConfig config;

  /** Initialises ONNX Runtime at start-up, so the first prediction does not pay for it. */
  void onStart(@Observes StartupEvent event) {
    Engine.getEngine("OnnxRuntime");
  }

  public LoadedModel load(ModelVersionInfo info, byte[] onnx) {
    String actual = Sha256.hex(onnx);
    if (!actual.equals(info.sha256())) {
      LOG.errorf("Artifact digest mismatch for %s version %s", info.model(), info.version());
      throw new ProblemException(
          ProblemType.BAD_GATEWAY, "The model artifact failed its integrity check");
    }
    TabularCard card = TabularCard.parse(info.card());
    Path dir = writeArtifact(actual, onnx);
    Engine.getEngine("OnnxRuntime");
    Criteria<float[][], float[][]> criteria =
        Criteria.builder()
            .setTypes(float[][].class, float[][].class)
            .optModelPath(dir)
            .optModelName("model")
            .optEngine("OnnxRuntime")
            .optTranslator(new FloatMatrixTranslator(card.inputName()))
            .optOption("intraOpNumThreads", Integer.toString(config.inference().intraOpThreads()))
            .optOption("interOpNumThreads", Integer.toString(config.inference().interOpThreads()))
            .build();
    long start = System.nanoTime();
    try {
      ZooModel<float[][], float[][]> zoo = criteria.loadModel();
      LoadedModel model =
          new LoadedModel(
              info.model(), info.version(), card, zoo, config.inference().predictorsPerModel());
      model.run(new float[][] {card.trainingMeans()});
      LOG.infof(
          "Loaded and warmed %s version %s in %d ms",
          info.model(), info.version(), (System.nanoTime() - start) / 1_000_000);
      return model;
    } catch (IOException | ModelNotFoundException | MalformedModelException e) {
      LOG.errorf("Could not load %s version %s: %s", info.model(), info.version(), e.getClass());
      throw new ProblemException(ProblemType.UNAVAILABLE, "The model could not be loaded");
    }
  }

  private Path writeArtifact(String sha256, byte[] onnx) {
    Path base =
        config
            .inference()
            .modelDir()
            .map(Path::of)
            .orElse(Path.of(System.getProperty("java.io.tmpdir"), "medmaas-models"));
    Path dir = base.resolve(sha256);
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("model.onnx");
      Path partial = dir.resolve("model.onnx.partial");
      Files.write(partial, onnx);
      Files.move(
          partial,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
