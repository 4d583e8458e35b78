package io.medmaas.registry.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every class of hostile file is refused with 422 and a reason, before anything loads it. */
class UploadValidatorTest {

  private static UploadValidator validator(long maxBytes) {
    UploadValidator validator = new UploadValidator();
    validator.json = new ObjectMapper();
    validator.policy =
        new UploadPolicy() {
          @Override
          public long maxArtifactBytes() {
            return maxBytes;
          }

          @Override
          public long maxValidationBytes() {
            return 1000;
          }

          @Override
          public long trialLoadMemoryBytes() {
            return 0;
          }

          @Override
          public int trialLoadHeapMb() {
            return 0;
          }

          @Override
          public java.time.Duration trialLoadTimeout() {
            return java.time.Duration.ZERO;
          }

          @Override
          public Set<String> allowedOperatorDomains() {
            return Set.of("ai.onnx", "ai.onnx.ml");
          }
        };
    return validator;
  }

  private static String refusal(Runnable upload) {
    ProblemException e = assertThrows(ProblemException.class, upload::run);
    assertEquals(ProblemType.UNPROCESSABLE, e.type());
    assertEquals(422, e.type().status());
    return e.getMessage();
  }

  @Test
  void acceptsTheCommittedDemoModels() throws Exception {
    Path models = Path.of(System.getProperty("user.dir"), "..", "models");
    for (String name :
        new String[] {
          "breast-cancer-diagnosis",
          "diabetes-progression",
          "pbc-progression",
          "lesion-classifier",
          "breast-anomaly"
        }) {
      OnnxInspection inspection =
          validator(100_000_000)
              .checkModel(Files.readAllBytes(models.resolve(name + "/1/model.onnx")));
      assertTrue(inspection.nodes() > 0, name);
      assertEquals(0, inspection.externalDataReferences(), name);
    }
  }

  @Test
  void acceptsAHandBuiltWellFormedModel() {
    assertEquals(1, validator(1_000_000).checkModel(OnnxFixtures.wellFormed()).nodes());
  }

  @Test
  void refusesAFileThatIsNotOnnx() {
    assertTrue(
        refusal(() -> validator(1_000_000).checkModel("%PDF-1.7 not a model".getBytes()))
            .contains("not an ONNX model"));
    assertTrue(
        refusal(() -> validator(1_000_000).checkModel(new byte[] {(byte) 0xff, 1, 2, 3}))
            .contains("not an ONNX model"));
  }

  @Test
  void refusesExternalDataWhateverThePath() {
    for (String location :
        new String[] {"/etc/passwd", "../../secrets.bin", "weights.bin", "link-to-elsewhere"}) {
      assertTrue(
          refusal(() -> validator(1_000_000).checkModel(OnnxFixtures.model(null, true, location)))
              .contains("external data"));
    }
  }

  @Test
  void refusesCustomOperatorDomains() {
    String reason =
        refusal(
            () -> validator(1_000_000).checkModel(OnnxFixtures.model("com.evil.ops", false, null)));
    assertTrue(reason.contains("com.evil.ops"), reason);
  }

  @Test
  void refusesOversizedFiles() {
    byte[] model = OnnxFixtures.wellFormed();
    assertTrue(refusal(() -> validator(model.length - 1).checkModel(model)).contains("larger"));
  }

  @Test
  void refusesCardsThatAreNotCards() {
    assertTrue(refusal(() -> validator(1).checkCard("{not json")).contains("not valid JSON"));
    assertTrue(refusal(() -> validator(1).checkCard("[1,2]")).contains("JSON object"));
    assertTrue(refusal(() -> validator(1).checkCard("{\"name\":\"x\"}")).contains("task"));
  }
}
