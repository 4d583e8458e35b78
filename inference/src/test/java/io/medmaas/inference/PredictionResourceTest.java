package io.medmaas.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.inference.registry.ModelVersionInfo;
import io.medmaas.inference.registry.RegistryClient;
import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the committed demo model in ONNX Runtime; only the registry seam is replaced. */
@QuarkusTest
@WithTestResource(InternalTrustResource.class)
class PredictionResourceTest {

  private static final String MODEL = "breast-cancer-diagnosis";
  private static final Path DEMO =
      Path.of(System.getProperty("user.dir"), "..", "models", MODEL, "1");
  private static final ObjectMapper JSON = new ObjectMapper();

  @InjectMock RegistryClient registry;

  private JsonNode examples;

  @BeforeEach
  void registryServesTheDemoModel() throws Exception {
    ModelVersionInfo info = DemoPack.info(MODEL, "platform");
    byte[] onnx = DemoPack.onnx(MODEL);
    String sha = info.sha256();
    when(registry.version(eq(MODEL), anyString(), anyString())).thenReturn(info);
    when(registry.version(eq("no-such-model"), anyString(), anyString()))
        .thenThrow(ProblemException.notFound("Model"));
    when(registry.artifact(eq(sha), anyString())).thenReturn(onnx);
    examples = JSON.readTree(DEMO.resolve("examples.json").toFile());
    // A model private to aurora-general: the registry (stood in for here) shows it to no one else.
    ModelVersionInfo privateInfo = DemoPack.info(MODEL, "aurora-general", PRIVATE);
    when(registry.version(eq(PRIVATE), anyString(), anyString()))
        .thenAnswer(
            call -> {
              if (!"aurora-general".equals(tenantOf(call.getArgument(2)))) {
                throw ProblemException.notFound("Model");
              }
              return privateInfo;
            });
  }

  private static final String PRIVATE = "aurora-private-model";

  private static String tenantOf(String token) throws IOException {
    String payload = token.split("\\.")[1];
    return JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload)).path("tenant").asText();
  }

  @Test
  void anotherTenantCannotUseAPrivateModelEvenOnceItIsLoaded() {
    given()
        .auth()
        .oauth2(clinician())
        .contentType(ContentType.JSON)
        .body(body(instance(0)))
        .post("/internal/models/" + PRIVATE + "/predict")
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("cedar-valley", "dr.ben", "clinician"))
        .contentType(ContentType.JSON)
        .body(body(instance(0)))
        .post("/internal/models/" + PRIVATE + "/predict")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  private static String clinician() {
    return InternalTokens.forTenant("aurora-general", "dr.ada", "clinician");
  }

  private ObjectNode instance(int example) {
    return (ObjectNode) examples.get(example).get("instance").deepCopy();
  }

  private static Object body(JsonNode... instances) {
    return Map.of("instances", List.of(instances));
  }

  @Test
  void predictsTheDatasetLabelsOfAMalignantAndABenignCase() {
    given()
        .auth()
        .oauth2(clinician())
        .contentType(ContentType.JSON)
        .body(body(instance(0), instance(1)))
        .post("/internal/models/" + MODEL + "/predict")
        .then()
        .statusCode(200)
        .header("X-Model-Version", "1")
        .body("model", equalTo(MODEL))
        .body("version", equalTo("1"))
        .body("predictions.label", contains("malignant", "benign"))
        .body("predictions.probability", everyItem(greaterThan(0.5f)));
  }

  @Test
  void aRequestOverTheTenantsBatchLimitIs429QuotaExceeded() {
    String limited = InternalTokens.withMaxBatch(1, "aurora-general", "dr.ada", "clinician");
    given()
        .auth()
        .oauth2(limited)
        .contentType(ContentType.JSON)
        .body(body(instance(0), instance(1)))
        .post("/internal/models/" + MODEL + "/predict")
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .body("type", equalTo("https://medmaas.io/problems/quota-exceeded"))
        .body("detail", org.hamcrest.Matchers.containsString("batch limit is 1"));
    given()
        .auth()
        .oauth2(limited)
        .contentType(ContentType.JSON)
        .body(body(instance(0)))
        .post("/internal/models/" + MODEL + "/predict")
        .then()
        .statusCode(200)
        .header("X-Instances", "1");
  }

  /** Posts one instance that must be refused with 422 problem+json. */
  private static ValidatableResponse refused(ObjectNode instance) {
    return given()
        .auth()
        .oauth2(clinician())
        .contentType(ContentType.JSON)
        .body(body(instance))
        .post("/internal/models/" + MODEL + "/predict")
        .then()
        .statusCode(422)
        .contentType("application/problem+json");
  }

  @Test
  void missingFeatureIsNamed() {
    ObjectNode incomplete = instance(0);
    incomplete.remove("worst_symmetry");
    refused(incomplete).body("errors", hasItem("instances[0].worst_symmetry: missing"));
  }

  @Test
  void aKeyGivenTwiceIs400() {
    given()
        .auth()
        .oauth2(clinician())
        .contentType(ContentType.JSON)
        .body("{\"instances\":[],\"instances\":[{}]}")
        .post("/internal/models/" + MODEL + "/predict")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void deeplyNestedJsonIs400() {
    given()
        .auth()
        .oauth2(clinician())
        .contentType(ContentType.JSON)
        .body("{\"instances\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
        .post("/internal/models/" + MODEL + "/predict")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void unknownKeysAreCountedNeverEchoed() {
    ObjectNode extra = instance(0);
    extra.put("zzcanary_jane_doe", 1);
    refused(extra)
        .body(
            "errors",
            hasItem(
                "instances[0]: 1 key is not a feature of this model (the card lists its"
                    + " features)"))
        .body(not(containsString("zzcanary")));
  }

  @Test
  void anUnknownKeyThatLooksLikeAnIdentifierIsNotEchoed() {
    ObjectNode extra = instance(0);
    extra.put("MRN1234567", 1);
    extra.put("smith1961", 1);
    refused(extra)
        .body("errors", hasItem(containsString("instances[0]: 2 keys are not a feature")))
        .body(not(containsString("1234567")))
        .body(not(containsString("smith")));
  }

  @Test
  void nonNumericValueIsNamedButNotEchoed() {
    ObjectNode bad = instance(0);
    bad.put("mean_area", "Jane Doe 1970-01-01");
    refused(bad)
        .body("errors", hasItem("instances[0].mean_area: must be a number"))
        .body(not(containsString("Jane")));
  }

  @Test
  void nonFiniteValueIsRejected() {
    String nanLiteral =
        instance(0).put("mean_radius", 123456.789).toString().replace("123456.789", "NaN");
    String infinite = instance(0).put("mean_radius", 1e300).toString();
    given()
        .auth()
        .oauth2(clinician())
        .contentType(ContentType.JSON)
        .body("{\"instances\":[" + infinite + "]}")
        .post("/internal/models/" + MODEL + "/predict")
        .then()
        .statusCode(422)
        .body("errors", hasItem("instances[0].mean_radius: must be a finite number"));
    given()
        .auth()
        .oauth2(clinician())
        .contentType(ContentType.JSON)
        .body("{\"instances\":[" + nanLiteral + "]}")
        .post("/internal/models/" + MODEL + "/predict")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void malformedJsonIsA400WithoutEcho() {
    given()
        .auth()
        .oauth2(clinician())
        .contentType(ContentType.JSON)
        .body("{\"instances\": [ {\"mean_radius\": 17.99, ")
        .post("/internal/models/" + MODEL + "/predict")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("https://medmaas.io/problems/malformed-request"))
        .body(not(containsString("17.99")));
  }

  @Test
  void tooManyInstancesAreRejected() {
    JsonNode[] many = new JsonNode[65];
    java.util.Arrays.fill(many, instance(0));
    given()
        .auth()
        .oauth2(clinician())
        .contentType(ContentType.JSON)
        .body(body(many))
        .post("/internal/models/" + MODEL + "/predict")
        .then()
        .statusCode(400)
        .body("detail", containsString("at most 64"));
  }

  @Test
  void unknownModelIsNotFound() {
    given()
        .auth()
        .oauth2(clinician())
        .contentType(ContentType.JSON)
        .body(body(instance(0)))
        .post("/internal/models/no-such-model/predict")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void auditorsCannotPredict() {
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("aurora-general", "auditor.aurora", "auditor"))
        .contentType(ContentType.JSON)
        .body(body(instance(0)))
        .post("/internal/models/" + MODEL + "/predict")
        .then()
        .statusCode(403);
  }

  @Test
  void requiresAnInternalToken() throws IOException {
    given()
        .contentType(ContentType.JSON)
        .body(body(instance(0)))
        .post("/internal/models/" + MODEL + "/predict")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }
}
