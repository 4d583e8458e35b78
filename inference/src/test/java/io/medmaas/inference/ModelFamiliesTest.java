package io.medmaas.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.digest.Sha256;
import io.medmaas.inference.registry.ModelVersionInfo;
import io.medmaas.inference.registry.RegistryClient;
import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The other families of the committed demo pack, as far as this release serves them. */
@QuarkusTest
@WithTestResource(InternalTrustResource.class)
class ModelFamiliesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path MODELS = Path.of(System.getProperty("user.dir"), "..", "models");

  @InjectMock RegistryClient registry;

  @BeforeEach
  void registryServesTheDemoPack() throws Exception {
    for (String name : new String[] {"diabetes-progression", "lesion-classifier"}) {
      Path dir = MODELS.resolve(name).resolve("1");
      byte[] onnx = Files.readAllBytes(dir.resolve("model.onnx"));
      JsonNode card = JSON.readTree(dir.resolve("card.json").toFile());
      String sha = Sha256.hex(onnx);
      when(registry.version(eq(name), anyString(), anyString()))
          .thenReturn(new ModelVersionInfo(name, "1", "production", "platform", sha, card));
      when(registry.artifact(eq(sha), anyString())).thenReturn(onnx);
    }
  }

  private static String clinician() {
    return InternalTokens.forTenant("aurora-general", "dr.ada", "clinician");
  }

  @Test
  void regressorAnswersAValueWithoutALabel() throws Exception {
    String firstRow =
        Files.readAllLines(MODELS.resolve("diabetes-progression/1/validation.csv")).get(1);
    String[] v = firstRow.split(",");
    String instance =
        String.format(
            "{\"age\":%s,\"sex\":%s,\"bmi\":%s,\"bp\":%s,\"tc\":%s,\"ldl\":%s,\"hdl\":%s,"
                + "\"tch\":%s,\"ltg\":%s,\"glu\":%s}",
            (Object[]) java.util.Arrays.copyOf(v, 10));
    given()
        .auth()
        .oauth2(clinician())
        .contentType(ContentType.JSON)
        .body("{\"instances\":[" + instance + "]}")
        .post("/internal/models/diabetes-progression/predict")
        .then()
        .statusCode(200)
        .body("predictions[0].value", both(greaterThan(20f)).and(lessThan(350f)))
        .body("predictions[0].label", nullValue());
  }

  @Test
  void familiesNotYetServedSaySoWith501() {
    given()
        .auth()
        .oauth2(clinician())
        .contentType(ContentType.JSON)
        .body("{\"instances\":[{}]}")
        .post("/internal/models/lesion-classifier/predict")
        .then()
        .statusCode(501)
        .contentType("application/problem+json")
        .body("detail", containsString("image-binary-classification"));
  }
}
