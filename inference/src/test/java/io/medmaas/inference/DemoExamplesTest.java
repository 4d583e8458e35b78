package io.medmaas.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
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
