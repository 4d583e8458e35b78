package io.medmaas.registry.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The trial load's budgets, on the real child process. */
class TrialLoaderTest {

  private static final Path DEMO =
      Path.of(System.getProperty("user.dir"), "..", "models", "breast-cancer-diagnosis", "1");

  private static TrialLoader loader(Duration timeout) {
    TrialLoader loader = new TrialLoader();
    loader.json = new ObjectMapper();
    loader.policy =
        new UploadPolicy() {
          @Override
          public long maxArtifactBytes() {
            return Long.MAX_VALUE;
          }

          @Override
          public long maxValidationBytes() {
            return Long.MAX_VALUE;
          }

          @Override
          public long trialLoadMemoryBytes() {
            return 3L << 30;
          }

          @Override
          public int trialLoadHeapMb() {
            return 128;
          }

          @Override
          public Duration trialLoadTimeout() {
            return timeout;
          }

          @Override
          public Set<String> allowedOperatorDomains() {
            return Set.of();
          }
        };
    return loader;
  }

  @Test
  void derivesTheSignatureInAChildProcess() throws Exception {
    ModelSignature signature =
        loader(Duration.ofSeconds(60)).load(Files.readAllBytes(DEMO.resolve("model.onnx")));
    assertEquals("features", signature.inputs().get(0).name());
    assertEquals(java.util.List.of(-1L, 30L), signature.inputs().get(0).shape());
    assertEquals("probability", signature.outputs().get(0).name());
  }

  @Test
  void aLoadOverItsTimeBudgetIsKilledAndRefused() throws Exception {
    byte[] model = Files.readAllBytes(DEMO.resolve("model.onnx"));
    long start = System.nanoTime();
    // no JVM starts in 50 ms, so this load always overruns its budget
    ProblemException e =
        assertThrows(ProblemException.class, () -> loader(Duration.ofMillis(50)).load(model));
    assertEquals(ProblemType.UNPROCESSABLE, e.type());
    assertTrue(e.getMessage().contains("longer than the budget"), e.getMessage());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "refused at once");
  }

  @Test
  void aLoadTimeBombIsContainedInTheChild() {
    ProblemException e =
        assertThrows(
            ProblemException.class,
            () -> loader(Duration.ofSeconds(60)).load(OnnxFixtures.loadTimeBomb()));
    assertEquals(ProblemType.UNPROCESSABLE, e.type());
  }
}
