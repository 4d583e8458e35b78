package io.medmaas.inference.oip;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.inference.DemoPack;
import io.medmaas.inference.registry.ModelVersionInfo;
import io.medmaas.inference.registry.RegistryClient;
import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Open Inference Protocol v2 REST conformance, endpoint by endpoint and error by error. */
@QuarkusTest
@WithTestResource(InternalTrustResource.class)
class OipConformanceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MLP = "breast-cancer-diagnosis";
  private static final String ANOMALY = "breast-anomaly";
  private static final String IMAGE = "lesion-classifier";

  @InjectMock RegistryClient registry;

  @BeforeEach
  void registryServesTheDemoPack() {
    for (String name : new String[] {MLP, ANOMALY}) {
      ModelVersionInfo info = DemoPack.info(name, "platform");
      when(registry.version(eq(name), eq("production"), anyString())).thenReturn(info);
      when(registry.version(eq(name), eq("1"), anyString())).thenReturn(info);
      when(registry.version(eq(name), eq("9"), anyString()))
          .thenThrow(ProblemException.notFound("Model version"));
      when(registry.artifact(eq(info.sha256()), anyString())).thenReturn(DemoPack.onnx(name));
    }
    when(registry.version(eq("no-such-model"), anyString(), anyString()))
        .thenThrow(ProblemException.notFound("Model"));
  }

  private static RequestSpecification clinician() {
    return given().auth().oauth2(InternalTokens.forTenant("aurora-general", "dr.ada", "clinician"));
  }

  private static float[] mlpRow() throws Exception {
    JsonNode card = DemoPack.card(MLP);
    JsonNode example =
        JSON.readTree(DemoPack.dir(MLP).resolve("examples.json").toFile()).get(0).get("instance");
    float[] row = new float[30];
    for (int i = 0; i < 30; i++) {
      row[i] = (float) example.get(card.path("features").get(i).path("name").asText()).asDouble();
    }
    return row;
  }

  private static String tensor(String name, String datatype, String shape, float[] data) {
    return "{\"name\":\""
        + name
        + "\",\"datatype\":\""
        + datatype
        + "\",\"shape\":"
        + shape
        + ",\"data\":"
        + Arrays.toString(data)
        + "}";
  }

  private static String inferBody(String... inputs) {
    return "{\"id\":\"req-42\",\"inputs\":[" + String.join(",", inputs) + "]}";
  }

  @Test
  void serverMetadataAdvertisesTheBinaryExtension() {
    given()
        .get("/v2")
        .then()
        .statusCode(200)
        .body("name", equalTo("medmaas"))
        .body("version", notNullValue())
        .body("extensions", hasItem("binary_tensor_data"));
  }

  @Test
  void liveAndReady() {
    given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
    given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
  }

  @Test
  void modelMetadataGivesTheSignatureInProtocolTerms() {
    clinician()
        .get("/v2/models/" + ANOMALY)
        .then()
        .statusCode(200)
        .body("name", equalTo(ANOMALY))
        .body("versions", contains("1"))
        .body("platform", equalTo("onnxruntime_onnx"))
        .body("inputs[0].name", equalTo("features"))
        .body("inputs[0].datatype", equalTo("FP32"))
        .body("inputs[0].shape", contains(-1, 30))
        .body("outputs.name", contains("score", "embedding", "feature_errors"));
    clinician().get("/v2/models/" + ANOMALY + "/versions/1").then().statusCode(200);
  }

  @Test
  void modelReadyIs200OnceLoaded() throws Exception {
    clinician().get("/v2/models/" + MLP + "/versions/1/ready").then().statusCode(anyOf200or400());
    clinician()
        .contentType("application/json")
        .body(inferBody(tensor("features", "FP32", "[1,30]", mlpRow())))
        .post("/v2/models/" + MLP + "/infer")
        .then()
        .statusCode(200);
    clinician()
        .get("/v2/models/" + MLP + "/ready")
        .then()
        .statusCode(200)
        .body("ready", equalTo(true));
  }

  private static org.hamcrest.Matcher<Integer> anyOf200or400() {
    return org.hamcrest.Matchers.oneOf(200, 400);
  }

  @Test
  void aBatchOverTheTenantsLimitIs429InTheProtocolsShape() throws Exception {
    float[] row = mlpRow();
    float[] two = Arrays.copyOf(row, 60);
    System.arraycopy(row, 0, two, 30, 30);
    given()
        .auth()
        .oauth2(InternalTokens.withMaxBatch(1, "aurora-general", "dr.ada", "clinician"))
        .contentType("application/json")
        .body(inferBody(tensor("features", "FP32", "[2,30]", two)))
        .post("/v2/models/" + MLP + "/infer")
        .then()
        .statusCode(429)
        .body("error", org.hamcrest.Matchers.containsString("batch limit is 1"));
    clinician()
        .contentType("application/json")
        .body(inferBody(tensor("features", "FP32", "[2,30]", two)))
        .post("/v2/models/" + MLP + "/infer")
        .then()
        .statusCode(200)
        .header("X-Instances", "2");
  }

  @Test
  void inferWithJsonTensorsEchoesTheIdAndGivesAllOutputs() throws Exception {
    float[] row = mlpRow();
    float[] two = Arrays.copyOf(row, 60);
    System.arraycopy(row, 0, two, 30, 30);
    clinician()
        .contentType("application/json")
        .body(inferBody(tensor("features", "FP32", "[2,30]", two)))
        .post("/v2/models/" + MLP + "/versions/1/infer")
        .then()
        .statusCode(200)
        .header("X-Model-Version", "1")
        .body("model_name", equalTo(MLP))
        .body("model_version", equalTo("1"))
        .body("id", equalTo("req-42"))
        .body("outputs[0].name", equalTo("probability"))
        .body("outputs[0].datatype", equalTo("FP32"))
        .body("outputs[0].shape", contains(2, 1))
        .body("outputs[0].data", hasSize(2));
  }

  @Test
  void nestedDataIsAcceptedAsRowMajor() throws Exception {
    float[] row = mlpRow();
    String nested =
        "{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,30],\"data\":["
            + Arrays.toString(row)
            + "]}";
    clinician()
        .contentType("application/json")
        .body(inferBody(nested))
        .post("/v2/models/" + MLP + "/infer")
        .then()
        .statusCode(200);
  }

  @Test
  void outputsSelectionReturnsOnlyThoseAsked() throws Exception {
    float[] row = new float[30]; // the training means: a plausible instance
    for (int i = 0; i < 30; i++) {
      row[i] =
          (float) DemoPack.card(ANOMALY).path("features").get(i).path("trainingMean").asDouble();
    }
    clinician()
        .contentType("application/json")
        .body(
            "{\"inputs\":["
                + tensor("features", "FP32", "[1,30]", row)
                + "],\"outputs\":[{\"name\":\"embedding\"}]}")
        .post("/v2/models/" + ANOMALY + "/infer")
        .then()
        .statusCode(200)
        .body("outputs", hasSize(1))
        .body("outputs[0].name", equalTo("embedding"))
        .body("outputs[0].shape", contains(1, 4));
  }

  @Test
  void shapeThatDoesNotMatchTheDataIs400() throws Exception {
    error(inferBody(tensor("features", "FP32", "[2,30]", mlpRow())), 400, "shape needs 60");
  }

  @Test
  void wrongDatatypeIs400() throws Exception {
    error(inferBody(tensor("features", "FP64", "[1,30]", mlpRow())), 400, "expects FP32");
  }

  @Test
  void aValueOutsideTheCardsPlausibleRangeIs400NamingTheFeatureNotTheValue() throws Exception {
    float[] row = mlpRow();
    row[0] = 5432.1f; // mean_radius, whose plausible range ends near 38.7
    clinician()
        .contentType("application/json")
        .body(inferBody(tensor("features", "FP32", "[1,30]", row)))
        .post("/v2/models/" + MLP + "/infer")
        .then()
        .statusCode(400)
        .body(
            "error",
            containsString(
                "Input 'features': row 0, feature 'mean_radius' (column 0) is outside the"
                    + " plausible range [0, "))
        .body(not(containsString("5432")));
  }

  @Test
  void aNumberPastFp32sRangeIs400() throws Exception {
    float[] row = mlpRow();
    row[0] = 7777.5f;
    String body = inferBody(tensor("features", "FP32", "[1,30]", row)).replace("7777.5", "1e39");
    error(body, 400, "not a finite FP32 number");
  }

  @Test
  void aNonFiniteOutputIsAnErrorNeverAStringInAnFp32Tensor() throws Exception {
    ModelVersionInfo info = DemoPack.info(IMAGE, "platform");
    when(registry.version(eq(IMAGE), eq("production"), anyString())).thenReturn(info);
    when(registry.artifact(eq(info.sha256()), anyString())).thenReturn(DemoPack.onnx(IMAGE));
    JsonNode input = info.signature().path("inputs").get(0);
    int count = 1;
    StringBuilder shape = new StringBuilder("[");
    for (JsonNode dim : input.path("shape")) {
      long d = dim.asLong() < 0 ? 1 : dim.asLong();
      count *= (int) d;
      shape.append(shape.length() > 1 ? "," : "").append(d);
    }
    float[] huge = new float[count];
    Arrays.fill(huge, 3e38f); // finite in, but past FP32's range once the model sums them
    clinician()
        .contentType("application/json")
        .body(inferBody(tensor(input.path("name").asText(), "FP32", shape + "]", huge)))
        .post("/v2/models/" + IMAGE + "/infer")
        .then()
        .statusCode(422)
        .body("error", containsString("not a finite number"))
        .body(not(containsString("NaN")));
  }

  @Test
  void aDuplicateKeyIs400() throws Exception {
    String body = inferBody(tensor("features", "FP32", "[1,30]", mlpRow()));
    error(body.replaceFirst("\\{", "{\"id\":\"a\",\"id\":\"b\","), 400, "not valid JSON");
  }

  @Test
  void unknownInputIs400() throws Exception {
    error(
        inferBody(tensor("zzcanary_pixels", "FP32", "[1,30]", mlpRow())),
        400,
        "Unknown input: the model's inputs are ");
    clinician()
        .contentType("application/json")
        .body(inferBody(tensor("zzcanary_pixels", "FP32", "[1,30]", mlpRow())))
        .post("/v2/models/" + MLP + "/infer")
        .then()
        .body(not(containsString("zzcanary")));
  }

  @Test
  void wrongFixedDimensionIs400() throws Exception {
    error(inferBody(tensor("features", "FP32", "[1,29]", new float[29])), 400, "must be 30");
  }

  @Test
  void aHugeDeclaredShapeIsRefusedBeforeAnythingIsAllocated() {
    error(
        "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\","
            + "\"shape\":[64,30000000],\"data\":[1]}]}",
        400,
        "must be 30");
    error(
        "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\","
            + "\"shape\":[100000000,30],\"data\":[1]}]}",
        400,
        "batch size must be from 1 to 64");
  }

  @Test
  void unknownOutputIs400() throws Exception {
    error(
        "{\"inputs\":["
            + tensor("features", "FP32", "[1,30]", mlpRow())
            + "],\"outputs\":[{\"name\":\"nope\"}]}",
        400,
        "Unknown output");
  }

  @Test
  void unknownModelOrVersionIs404() {
    clinician()
        .contentType("application/json")
        .body("{\"inputs\":[]}")
        .post("/v2/models/no-such-model/infer")
        .then()
        .statusCode(404)
        .body("error", containsString("not found"));
    clinician()
        .get("/v2/models/" + MLP + "/versions/9")
        .then()
        .statusCode(404)
        .body("error", notNullValue());
  }

  @Test
  void malformedJsonIs400WithoutEcho() {
    clinician()
        .contentType("application/json")
        .body("{\"inputs\": [ 17.99")
        .post("/v2/models/" + MLP + "/infer")
        .then()
        .statusCode(400)
        .body("error", equalTo("The request header is not valid JSON"));
  }

  @Test
  void binaryInputsAndOutputsRoundTrip() throws Exception {
    float[] row = mlpRow();
    String header =
        "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,30],"
            + "\"parameters\":{\"binary_data_size\":120}}],"
            + "\"parameters\":{\"binary_data_output\":true}}";
    Response binary = postBinary(header, floats(row));
    assertEquals(200, binary.statusCode());
    int jsonLength = Integer.parseInt(binary.header("Inference-Header-Content-Length"));
    byte[] body = binary.asByteArray();
    JsonNode json = JSON.readTree(new String(body, 0, jsonLength, StandardCharsets.UTF_8));
    assertEquals(
        4, json.path("outputs").get(0).path("parameters").path("binary_data_size").asInt());
    assertEquals(body.length, jsonLength + 4);
    float probability =
        ByteBuffer.wrap(body, jsonLength, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
    float viaJson =
        clinician()
            .contentType("application/json")
            .body(inferBody(tensor("features", "FP32", "[1,30]", row)))
            .post("/v2/models/" + MLP + "/infer")
            .then()
            .extract()
            .<Float>path("outputs[0].data[0]");
    assertEquals(viaJson, probability, 1e-6);
    assertTrue(probability > 0.5, "the example is malignant");
  }

  @Test
  void binaryDataOfTheWrongSizeIs400() throws Exception {
    String header =
        "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,30],"
            + "\"parameters\":{\"binary_data_size\":116}}]}";
    Response response = postBinary(header, Arrays.copyOf(floats(mlpRow()), 116));
    assertEquals(400, response.statusCode());
    assertTrue(response.jsonPath().getString("error").contains("binary_data_size must be 120"));
    String right =
        "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,30],"
            + "\"parameters\":{\"binary_data_size\":120}}]}";
    Response trailing = postBinary(right, Arrays.copyOf(floats(mlpRow()), 124));
    assertEquals(400, trailing.statusCode());
    Response shortData = postBinary(right, Arrays.copyOf(floats(mlpRow()), 100));
    assertEquals(400, shortData.statusCode());
  }

  @Test
  void auditorsCannotInfer() throws Exception {
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("aurora-general", "auditor.aurora", "auditor"))
        .contentType("application/json")
        .body(inferBody(tensor("features", "FP32", "[1,30]", mlpRow())))
        .post("/v2/models/" + MLP + "/infer")
        .then()
        .statusCode(403);
  }

  private static Response postBinary(String header, byte[] data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    byte[] body = Arrays.copyOf(json, json.length + data.length);
    System.arraycopy(data, 0, body, json.length, data.length);
    return clinician()
        .contentType("application/octet-stream")
        .header("Inference-Header-Content-Length", json.length)
        .body(body)
        .post("/v2/models/" + MLP + "/infer");
  }

  private static byte[] floats(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return buffer.array();
  }

  @Test
  void aHeaderLengthThatIsNotANumberIsAProtocolError() {
    clinician()
        .header("Inference-Header-Content-Length", "twelve")
        .contentType("application/octet-stream")
        .body("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post("/v2/models/" + MLP + "/infer")
        .then()
        .statusCode(400)
        .contentType("application/json")
        .body("error", containsString("must be a whole number of bytes"));
  }

  @Test
  void aBodyOverTheLimitIs413InTheProtocolsErrorShape() throws Exception {
    String answer =
        io.medmaas.testing.OversizeRequest.post(
            io.restassured.RestAssured.port,
            "/v2/models/" + MLP + "/infer",
            "Bearer "
                + io.medmaas.testing.InternalTokens.forTenant(
                    "aurora-general", "dr.ada", "clinician"));
    org.junit.jupiter.api.Assertions.assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    org.junit.jupiter.api.Assertions.assertTrue(
        answer.contains("{\"error\":\"The request body is larger than the limit of"), answer);
  }

  private static void error(String body, int status, String message) {
    clinician()
        .contentType("application/json")
        .body(body)
        .post("/v2/models/" + MLP + "/infer")
        .then()
        .statusCode(status)
        .contentType("application/json")
        .body("error", containsString(message));
  }
}
