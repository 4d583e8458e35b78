package io.medmaas.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import io.medmaas.inference.registry.ModelVersionInfo;
import io.medmaas.inference.registry.RegistryClient;
import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Every demo model's committed example request (the README's) is answered, one per instance. */
@QuarkusTest
@WithTestResource(InternalTrustResource.class)
class DemoExamplesTest {

  @InjectMock RegistryClient registry;

  /** Every ONNX file under the temp folder, where artifacts used to be written. */
  private static long onnxFilesInTemp() throws Exception {
    try (var files = Files.walk(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.toString().endsWith(".onnx")).count();
    } catch (java.io.UncheckedIOException e) {
      return -1; // a folder vanished while walking: count again
    }
  }

  @Test
  void modelsAreLoadedFromTheCheckedBytesAndNothingIsWrittenToDisk() throws Exception {
    long before = onnxFilesInTemp();
    everyDemoModelAnswersItsExampleRequest();
    assertEquals(before, onnxFilesInTemp(), "no artifact file was written to load a model");
  }

  @Test
  void anArtifactWhoseBytesDoNotMatchItsDigestIsNeverLoaded() throws Exception {
    ModelVersionInfo info = DemoPack.info("breast-anomaly", "platform", "tampered-model");
    when(registry.version(eq("tampered-model"), anyString(), anyString())).thenReturn(info);
    byte[] other = DemoPack.onnx("diabetes-progression"); // bytes with another SHA-256
    when(registry.artifact(eq(info.sha256()), anyString())).thenReturn(other);
    given()
        .auth()
        .oauth2(
            InternalTokens.entitled(
                "aurora-general", java.util.List.of("tampered-model"), "dr.ada", "clinician"))
        .contentType(ContentType.JSON)
        .body(Files.readString(DemoPack.dir("breast-anomaly").resolve("example-request.json")))
        .post("/internal/models/tampered-model/predict")
        .then()
        .statusCode(502)
        .body("detail", org.hamcrest.Matchers.containsString("integrity check"));
  }

  @Test
  void everyDemoModelAnswersItsExampleRequest() throws Exception {
    for (String model : InternalTokens.DEMO_MODELS) {
      ModelVersionInfo info = DemoPack.info(model, "platform");
      when(registry.version(eq(model), anyString(), anyString())).thenReturn(info);
      when(registry.artifact(eq(info.sha256()), anyString())).thenReturn(DemoPack.onnx(model));
      given()
          .auth()
          .oauth2(InternalTokens.forTenant("aurora-general", "dr.ada", "clinician"))
          .contentType(ContentType.JSON)
          .body(Files.readString(DemoPack.dir(model).resolve("example-request.json")))
          .post("/internal/models/" + model + "/predict")
          .then()
          .statusCode(200)
          .body("predictions", hasSize(2));
    }
  }
}
