package io.medmaas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medmaas.launcher.DatabaseRoles;
import io.medmaas.launcher.DemoTokens;
import io.medmaas.launcher.KeyMaterial;
import io.medmaas.launcher.Stack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole platform as {@code ./maas up} starts it (real PostgreSQL, real Keycloak with the demo
 * realms, the five packaged services), on random loopback ports, driven over HTTP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.extension.ExtendWith(LocalPlatform.class)
@org.junit.jupiter.api.Order(1)
class PlatformIT {

  private static final String MODEL = "breast-cancer-diagnosis";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Stack stack;
  private static DemoTokens tokens;
  private static String gateway;
  private static JsonNode examples;
  private static final List<String> adaRequestIds = new ArrayList<>();
  private static String benRequestId;

  @BeforeAll
  static void startPlatform() throws IOException {
    stack = LocalPlatform.stack();
    tokens = LocalPlatform.tokens();
    gateway = LocalPlatform.gateway();
    examples =
        JSON.readTree(
            LocalPlatform.home().resolve("models/" + MODEL + "/1/examples.json").toFile());
  }

  private static HttpResponse<String> send(String method, String path, String bearer, String body)
      throws IOException, InterruptedException {
    return LocalPlatform.send(method, path, bearer, body);
  }

  private static String predictBody(JsonNode instance) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("instances").add(instance);
    return body.toString();
  }

  private static void assertProblem(HttpResponse<String> response, int status) throws IOException {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(
        "application/problem+json",
        response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    JsonNode problem = JSON.readTree(response.body());
    assertEquals(status, problem.get("status").asInt());
    assertFalse(response.body().contains("Exception"), "no stack traces or class names");
  }

  private static List<JsonNode> auditItems(String bearer) throws Exception {
    HttpResponse<String> response = send("GET", "/api/v1/audit-events?size=200", bearer, null);
    assertEquals(200, response.statusCode(), response.body());
    List<JsonNode> items = new ArrayList<>();
    JSON.readTree(response.body()).get("items").forEach(items::add);
    return items;
  }

  @Test
  @Order(1)
  void clinicianGetsTheDatasetLabelForAMalignantAndABenignCase() throws Exception {
    String token = tokens.userToken("aurora-general", "dr.ada");
    for (JsonNode example : examples) {
      HttpResponse<String> response =
          send(
              "POST",
              "/api/v1/models/" + MODEL + "/predict",
              token,
              predictBody(example.get("instance")));
      assertEquals(200, response.statusCode(), response.body());
      JsonNode body = JSON.readTree(response.body());
      assertEquals(MODEL, body.get("model").asText());
      assertEquals("1", body.get("version").asText());
      JsonNode prediction = body.get("predictions").get(0);
      assertEquals(example.get("label").asText(), prediction.get("label").asText());
      assertTrue(prediction.get("probability").asDouble() > 0.5);
      assertEquals(
          response.headers().firstValue("X-Request-Id").orElseThrow(),
          body.get("requestId").asText());
      adaRequestIds.add(body.get("requestId").asText());
    }
    assertEquals(2, adaRequestIds.size());
  }

  @Test
  @Order(2)
  void auditorSeesExactlyThosePredictionsWithoutTheirInput() throws Exception {
    List<JsonNode> items = auditItems(tokens.userToken("aurora-general", "auditor.aurora"));
    Set<String> predictions = new HashSet<>();
    for (JsonNode item : items) {
      assertEquals("aurora-general", item.get("tenant").asText());
      if (item.get("action").asText().equals("model.predict")) {
        predictions.add(item.get("requestId").asText());
        assertEquals("dr.ada", item.get("username").asText());
        assertTrue(item.get("subject").asText().matches("[0-9a-f-]{36}"), "Keycloak's sub");
        assertEquals("medmaas-cli", item.get("clientId").asText());
        assertTrue(item.hasNonNull("tokenId"), "the token's jti");
        assertEquals("127.0.0.1", item.get("clientAddress").asText());
        assertEquals(MODEL, item.get("model").asText());
        assertEquals("1", item.get("modelVersion").asText());
        assertEquals(200, item.get("outcome").asInt());
        assertTrue(item.get("inputDigest").asText().startsWith("hmac-sha256:"));
        String firstValue = examples.get(0).get("instance").get("mean_radius").asText();
        assertFalse(item.toString().contains(firstValue), "no input values in the audit log");
      }
    }
    assertEquals(new HashSet<>(adaRequestIds), predictions);
  }

  @Test
  @Order(3)
  void anotherHospitalSeesNoneOfThem() throws Exception {
    String ben = tokens.userToken("cedar-valley", "dr.ben");
    assertProblem(send("GET", "/api/v1/audit-events", ben, null), 403);

    HttpResponse<String> benPrediction =
        send(
            "POST",
            "/api/v1/models/" + MODEL + "/predict",
            ben,
            predictBody(examples.get(1).get("instance")));
    assertEquals(200, benPrediction.statusCode());
    benRequestId = JSON.readTree(benPrediction.body()).get("requestId").asText();

    List<JsonNode> cedarItems = auditItems(tokens.userToken("cedar-valley", "admin.cedar"));
    Set<String> cedarIds = new HashSet<>();
    cedarItems.forEach(i -> cedarIds.add(i.get("requestId").asText()));
    assertTrue(cedarIds.contains(benRequestId), "cedar's own prediction is in cedar's log");
    adaRequestIds.forEach(
        id -> assertFalse(cedarIds.contains(id), "aurora's records stay aurora's"));
    cedarItems.forEach(i -> assertEquals("cedar-valley", i.get("tenant").asText()));

    Set<String> auroraIds = new HashSet<>();
    auditItems(tokens.userToken("aurora-general", "auditor.aurora"))
        .forEach(i -> auroraIds.add(i.get("requestId").asText()));
    assertFalse(auroraIds.contains(benRequestId), "cedar's records stay cedar's");
  }

  @Test
  @Order(4)
  void requestsWithoutAValidTokenAre401() throws Exception {
    String body = predictBody(examples.get(0).get("instance"));
    String path = "/api/v1/models/" + MODEL + "/predict";
    HttpResponse<String> anonymous = send("POST", path, null, body);
    assertProblem(anonymous, 401);
    assertEquals(
        "Bearer realm=\"medmaas\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));

    String ada = tokens.userToken("aurora-general", "dr.ada");
    String[] parts = ada.split("\\.");
    String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    HttpResponse<String> forged = send("POST", path, tampered, body);
    assertProblem(forged, 401);

    // the forged token named Aurora's issuer: Aurora's auditor sees the attempt, with no subject;
    // the anonymous one belongs to no hospital: only the platform's auditor sees it
    String forgedId = forged.headers().firstValue("X-Request-Id").orElseThrow();
    String anonymousId = anonymous.headers().firstValue("X-Request-Id").orElseThrow();
    List<JsonNode> aurora = auditItems(tokens.userToken("aurora-general", "auditor.aurora"));
    JsonNode attempt =
        aurora.stream()
            .filter(i -> i.get("requestId").asText().equals(forgedId))
            .findFirst()
            .orElseThrow();
    assertEquals(401, attempt.get("outcome").asInt());
    assertFalse(attempt.has("subject"));
    assertEquals("127.0.0.1", attempt.get("clientAddress").asText());
    assertFalse(aurora.stream().anyMatch(i -> i.get("requestId").asText().equals(anonymousId)));
    List<JsonNode> platform = auditItems(tokens.userToken("medmaas", "platform.auditor"));
    assertTrue(platform.stream().anyMatch(i -> i.get("requestId").asText().equals(anonymousId)));
    assertFalse(platform.stream().anyMatch(i -> i.get("requestId").asText().equals(forgedId)));

    // admin-cli tokens carry no medmaas-api audience; the master realm is no tenant at all
    String noAudience =
        tokens.request(
            "aurora-general",
            java.util.Map.of(
                "grant_type", "password",
                "client_id", "admin-cli",
                "username", "dr.ada",
                "password", DemoTokens.DEMO_PASSWORD));
    assertProblem(send("POST", path, noAudience, body), 401);
    String master =
        tokens.request(
            "master",
            java.util.Map.of(
                "grant_type", "password",
                "client_id", "admin-cli",
                "username", "admin",
                "password", "admin"));
    assertProblem(send("POST", path, master, body), 401);
  }

  @Test
  @Order(5)
  void clinicalSystemCallsMachineToMachine() throws Exception {
    String system =
        tokens.clientToken(
            "aurora-general", "aurora-general-system", "demo-aurora-general-system-secret");
    HttpResponse<String> response =
        send(
            "POST",
            "/api/v1/models/" + MODEL + "/predict",
            system,
            predictBody(examples.get(0).get("instance")));
    assertEquals(200, response.statusCode(), response.body());
    String requestId = JSON.readTree(response.body()).get("requestId").asText();
    JsonNode record =
        auditItems(tokens.userToken("aurora-general", "auditor.aurora")).stream()
            .filter(i -> i.get("requestId").asText().equals(requestId))
            .findFirst()
            .orElseThrow();
    assertEquals("aurora-general-system", record.get("clientId").asText());
  }

  @Test
  @Order(6)
  void badInputGetsAClearProblem() throws Exception {
    String ada = tokens.userToken("aurora-general", "dr.ada");
    String path = "/api/v1/models/" + MODEL + "/predict";
    assertProblem(send("POST", path, ada, "{\"instances\": [ {"), 400);

    ObjectNode missing = examples.get(0).get("instance").deepCopy();
    missing.remove("mean_texture");
    HttpResponse<String> response = send("POST", path, ada, predictBody(missing));
    assertProblem(response, 422);
    assertTrue(response.body().contains("mean_texture"), response.body());

    ObjectNode text = examples.get(0).get("instance").deepCopy();
    text.put("mean_area", "large");
    response = send("POST", path, ada, predictBody(text));
    assertProblem(response, 422);
    assertTrue(response.body().contains("mean_area: must be a number"), response.body());
    assertFalse(response.body().contains("large"), "the value is not echoed");

    assertProblem(
        send("POST", "/api/v1/models/no-such-model/predict", ada, predictBody(missing)), 404);
    assertProblem(send("GET", "/api/v1/audit-events", ada, null), 403);
  }

  @Test
  @Order(7)
  void everyRequestAboveWasAudited() throws Exception {
    List<JsonNode> items = auditItems(tokens.userToken("aurora-general", "auditor.aurora"));
    Set<Integer> outcomes = new HashSet<>();
    items.forEach(i -> outcomes.add(i.get("outcome").asInt()));
    assertTrue(outcomes.containsAll(Set.of(200, 400, 403, 404)), "outcomes: " + outcomes);
  }

  private static final String PRIVATE = "aurora-diabetes";

  private static String stage(String bearer, String model, String version, String stage)
      throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "/api/v1/models/" + model + "/versions/" + version + "/stage",
            bearer,
            "{\"stage\":\"" + stage + "\"}");
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  private static String diabetesInstance() throws IOException {
    Path csv =
        Path.of(System.getProperty("medmaas.home", ".."))
            .toAbsolutePath()
            .normalize()
            .resolve("models/diabetes-progression/1/validation.csv");
    String[] names = Files.readAllLines(csv).get(0).split(",");
    String[] values = Files.readAllLines(csv).get(1).split(",");
    ObjectNode instance = JSON.createObjectNode();
    for (int i = 0; i < 10; i++) {
      instance.put(names[i], Double.parseDouble(values[i]));
    }
    return predictBody(instance);
  }

  @Test
  @Order(7)
  void theDemoModelsCarryPlatformVerifiedMetrics() throws Exception {
    String ada = tokens.userToken("aurora-general", "dr.ada");
    for (String model :
        List.of(
            MODEL,
            "diabetes-progression",
            "pbc-progression",
            "lesion-classifier",
            "breast-anomaly")) {
      HttpResponse<String> response =
          send("GET", "/api/v1/models/" + model + "/versions/production", ada, null);
      assertEquals(200, response.statusCode(), response.body());
      JsonNode verification = JSON.readTree(response.body()).path("verification");
      assertEquals("verified", verification.path("status").asText(), model + ": " + verification);
      assertTrue(verification.path("measured").size() >= 3, model + ": " + verification);
    }
  }

  @Test
  @Order(8)
  void aHospitalPublishesPromotesAndUsesItsOwnModel() throws Exception {
    Path dir =
        Path.of(System.getProperty("medmaas.home", ".."))
            .toAbsolutePath()
            .normalize()
            .resolve("models/diabetes-progression/1");
    String publisher = tokens.userToken("aurora-general", "pub.aurora");
    HttpResponse<String> created = LocalPlatform.upload(publisher, PRIVATE, dir);
    assertEquals(201, created.statusCode(), created.body());
    JsonNode version = JSON.readTree(created.body());
    assertEquals("draft", version.get("stage").asText());
    // the platform scored the attached validation set through inference and checked the card
    assertEquals("verified", version.path("verification").path("status").asText(), created.body());
    assertEquals(89, version.path("verification").path("rows").asInt());
    assertEquals("features", version.path("signature").path("inputs").get(0).path("name").asText());

    String admin = tokens.userToken("aurora-general", "admin.aurora");
    stage(admin, PRIVATE, "1", "staging");
    stage(admin, PRIVATE, "1", "production");

    HttpResponse<String> prediction =
        send(
            "POST",
            "/api/v1/models/" + PRIVATE + "/predict",
            tokens.userToken("aurora-general", "dr.ada"),
            diabetesInstance());
    assertEquals(200, prediction.statusCode(), prediction.body());
    assertTrue(JSON.readTree(prediction.body()).get("predictions").get(0).has("value"));

    HttpResponse<String> listing = send("GET", "/api/v1/models?owner=mine", admin, null);
    assertTrue(listing.body().contains(PRIVATE), listing.body());
    assertProblem(
        LocalPlatform.upload(tokens.userToken("aurora-general", "dr.ada"), PRIVATE, dir), 403);

    // the upload left one access record (the gateway's) and one change record (the registry's)
    // with the same request id
    String uploadId = created.headers().firstValue("X-Request-Id").orElseThrow();
    List<JsonNode> records =
        auditItems(tokens.userToken("aurora-general", "auditor.aurora")).stream()
            .filter(i -> i.get("requestId").asText().equals(uploadId))
            .toList();
    assertEquals(2, records.size(), records.toString());
    assertEquals(
        Set.of("access", "change"),
        Set.of(records.get(0).get("kind").asText(), records.get(1).get("kind").asText()));
    records.forEach(r -> assertEquals("model.version.upload", r.get("action").asText()));
  }

  @Test
  @Order(9)
  void anotherHospitalCanNeitherSeeDownloadPredictWithNorPromoteIt() throws Exception {
    String ben = tokens.userToken("cedar-valley", "dr.ben");
    String cedarAdmin = tokens.userToken("cedar-valley", "admin.cedar");
    assertProblem(send("GET", "/api/v1/models/" + PRIVATE, ben, null), 404);
    assertProblem(
        send("GET", "/api/v1/models/" + PRIVATE + "/versions/1/artifact", cedarAdmin, null), 404);
    // the owner's clinicians do not download weights either: publishers and admins do
    assertProblem(
        send(
            "GET",
            "/api/v1/models/" + PRIVATE + "/versions/1/artifact",
            tokens.userToken("aurora-general", "dr.ada"),
            null),
        403);
    assertProblem(
        send("POST", "/api/v1/models/" + PRIVATE + "/predict", ben, diabetesInstance()), 404);
    assertProblem(
        send(
            "POST",
            "/api/v1/models/" + PRIVATE + "/versions/1/stage",
            cedarAdmin,
            "{\"stage\":\"archived\"}"),
        404);
    assertProblem(send("POST", "/api/v1/models/" + PRIVATE + "/rollback", cedarAdmin, null), 404);
    assertFalse(send("GET", "/api/v1/models", ben, null).body().contains(PRIVATE));
    String base = "/api/v1/models/" + PRIVATE;
    for (String read :
        List.of(
            "/versions", "/versions/1", "/versions/1/card", "/metadata", "/versions/1/metadata")) {
      assertProblem(send("GET", base + read, ben, null), 404);
    }
    assertProblem(send("POST", base + "/versions/1/predict", ben, diabetesInstance()), 404);
    assertProblem(send("POST", base + "/versions/1/verify", cedarAdmin, null), 404);
    String oipBody =
        "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,10],\"datatype\":\"FP32\","
            + "\"data\":[59,2,32.1,101,157,93.2,38,4,4.8598,87]}]}";
    String oip = "/v2/models/" + PRIVATE;
    for (String read : List.of("", "/ready", "/versions/1", "/versions/1/ready")) {
      assertEquals(404, send("GET", oip + read, ben, null).statusCode(), read);
    }
    for (String infer : List.of("/infer", "/versions/1/infer")) {
      HttpResponse<String> response = send("POST", oip + infer, ben, oipBody);
      assertEquals(404, response.statusCode(), infer);
      assertFalse(response.body().contains("59,2,32.1"), "no echoed input");
    }
    // the owner still reads and runs it over the same routes
    String ada = tokens.userToken("aurora-general", "dr.ada");
    assertEquals(200, send("GET", base + "/versions/1/card", ada, null).statusCode());
    assertEquals(200, send("POST", oip + "/versions/1/infer", ada, oipBody).statusCode());
  }

  @Test
  @Order(10)
  void promotionAndRollbackSwitchServingWithoutAFailedRequest() throws Exception {
    Path dir =
        Path.of(System.getProperty("medmaas.home", ".."))
            .toAbsolutePath()
            .normalize()
            .resolve("models/diabetes-progression/1");
    String admin = tokens.userToken("aurora-general", "admin.aurora");
    assertEquals(
        201,
        LocalPlatform.upload(tokens.userToken("aurora-general", "pub.aurora"), PRIVATE, dir)
            .statusCode());
    stage(admin, PRIVATE, "2", "staging");

    String clinician = tokens.userToken("aurora-general", "dr.ada");
    String body = diabetesInstance();
    java.util.concurrent.ConcurrentHashMap<String, Integer> versionsSeen =
        new java.util.concurrent.ConcurrentHashMap<>();
    java.util.List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicBoolean running =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.ExecutorService load =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // hard bound on the load
    for (int t = 0; t < 4; t++) {
      load.submit(
          () -> {
            while (running.get() && System.nanoTime() < deadline) {
              try {
                HttpResponse<String> r =
                    send("POST", "/api/v1/models/" + PRIVATE + "/predict", clinician, body);
                if (r.statusCode() != 200) {
                  failures.add(r.statusCode() + " " + r.body());
                } else {
                  versionsSeen.merge(
                      JSON.readTree(r.body()).get("version").asText(), 1, Integer::sum);
                }
              } catch (Exception e) {
                failures.add(e.toString());
              }
            }
            return null;
          });
    }
    try {
      Thread.sleep(1000);
      stage(admin, PRIVATE, "2", "production");
      awaitServing("2", clinician, body);
      HttpResponse<String> rollback =
          send("POST", "/api/v1/models/" + PRIVATE + "/rollback", admin, null);
      assertEquals(200, rollback.statusCode(), rollback.body());
      awaitServing("1", clinician, body);
      Thread.sleep(1000);
    } finally {
      running.set(false);
      load.shutdown();
      assertTrue(load.awaitTermination(90, java.util.concurrent.TimeUnit.SECONDS));
    }
    assertEquals(List.of(), failures);
    assertTrue(versionsSeen.keySet().containsAll(Set.of("1", "2")), "served: " + versionsSeen);
    // the rollback archived version 2: pinned, it stops serving within 5 s (an event, not a TTL)
    String pinned = "/api/v1/models/" + PRIVATE + "/versions/2/predict";
    assertEquals(404, within5s(() -> send("POST", pinned, clinician, body).statusCode(), 404));
    // a version that does not exist is named, with what there is
    HttpResponse<String> missing =
        send("POST", "/api/v1/models/" + PRIVATE + "/versions/7/predict", clinician, body);
    assertEquals(404, missing.statusCode());
    assertTrue(
        missing.body().contains("Model '" + PRIVATE + "' has no version 7; its versions: 1, 2"),
        missing.body());
  }

  private static int within5s(java.util.concurrent.Callable<Integer> status, int wanted)
      throws Exception {
    return LocalPlatform.within5s(status, wanted);
  }

  /**
   * Waits for the alias move to reach serving. The stack's alias cache lives 60 s, so a switch
   * within 15 s can only come from the registry's alias event.
   */
  private static void awaitServing(String version, String bearer, String body) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = send("POST", "/api/v1/models/" + PRIVATE + "/predict", bearer, body);
      if (r.statusCode() == 200
          && JSON.readTree(r.body()).get("version").asText().equals(version)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("version " + version + " was not served within 15 s");
  }

  @Test
  @Order(11)
  void openInferenceClientsWorkThroughTheGatewayWithJsonAndBinaryTensors() throws Exception {
    String system =
        tokens.clientToken(
            "aurora-general", "aurora-general-system", "demo-aurora-general-system-secret");
    HttpResponse<String> server = send("GET", "/v2", null, null);
    assertEquals(200, server.statusCode(), server.body());
    assertTrue(server.body().contains("binary_tensor_data"), server.body());
    assertEquals(200, send("GET", "/v2/health/ready", null, null).statusCode());
    HttpResponse<String> metadata = send("GET", "/v2/models/" + MODEL, system, null);
    assertEquals(200, metadata.statusCode(), metadata.body());
    JsonNode signature = JSON.readTree(metadata.body());
    assertEquals(1, signature.path("inputs").size(), metadata.body());
    assertEquals("FP32", signature.path("inputs").get(0).path("datatype").asText());

    JsonNode card = JSON.readTree(send("GET", "/api/v1/models/" + MODEL, system, null).body());
    JsonNode features =
        JSON.readTree(send("GET", "/api/v1/models/" + MODEL + "/metadata", system, null).body())
            .path("card")
            .path("features");
    assertEquals(30, features.size(), card.toString());
    float[] row = new float[30];
    JsonNode malignant = examples.get(0).get("instance");
    for (int i = 0; i < 30; i++) {
      row[i] = (float) malignant.get(features.get(i).path("name").asText()).asDouble();
    }
    String json =
        "{\"id\":\"e2e-1\",\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\","
            + "\"shape\":[1,30],\"data\":"
            + java.util.Arrays.toString(row)
            + "}]}";
    HttpResponse<String> infer = send("POST", "/v2/models/" + MODEL + "/infer", system, json);
    assertEquals(200, infer.statusCode(), infer.body());
    JsonNode answer = JSON.readTree(infer.body());
    assertEquals("e2e-1", answer.path("id").asText());
    double probability = answer.path("outputs").get(0).path("data").get(0).asDouble();
    assertTrue(probability > 0.5, "the malignant example: " + probability);

    String header =
        "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,30],"
            + "\"parameters\":{\"binary_data_size\":120}}],"
            + "\"outputs\":[{\"name\":\"probability\",\"parameters\":{\"binary_data\":true}}]}";
    byte[] head = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.nio.ByteBuffer body =
        java.nio.ByteBuffer.allocate(head.length + 120).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    body.put(head);
    for (float value : row) {
      body.putFloat(value);
    }
    HttpResponse<byte[]> binary =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(gateway + "/v2/models/" + MODEL + "/infer"))
                .header("Authorization", "Bearer " + system)
                .header("Content-Type", "application/octet-stream")
                .header("Inference-Header-Content-Length", Integer.toString(head.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.array()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, binary.statusCode());
    int jsonLength =
        Integer.parseInt(binary.headers().firstValue("Inference-Header-Content-Length").get());
    float viaBinary =
        java.nio.ByteBuffer.wrap(binary.body(), jsonLength, 4)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .getFloat();
    assertEquals(probability, viaBinary, 1e-6);
    HttpResponse<String> wrong =
        send("POST", "/v2/models/" + MODEL + "/infer", system, json.replace("[1,30]", "[2,30]"));
    assertEquals(400, wrong.statusCode());
    assertTrue(JSON.readTree(wrong.body()).path("error").isTextual(), wrong.body());
    assertEquals(401, send("POST", "/v2/models/" + MODEL + "/infer", null, json).statusCode());
  }

  @Test
  @Order(12)
  void everyFamilyExplainsItsPredictionThroughTheGateway() throws Exception {
    String ada = tokens.userToken("aurora-general", "dr.ada");
    Path models = Path.of(System.getProperty("medmaas.home", "..")).toAbsolutePath().normalize();
    JsonNode patient =
        JSON.readTree(models.resolve("models/pbc-progression/1/validation.json").toFile()).get(0);
    JsonNode image =
        JSON.readTree(models.resolve("models/lesion-classifier/1/validation.json").toFile()).get(0);
    Map<String, String> methods =
        Map.of(
            MODEL,
            "sampling-shapley",
            "pbc-progression",
            "leave-one-visit-out",
            "lesion-classifier",
            "occlusion",
            "breast-anomaly",
            "reconstruction-error");
    Map<String, JsonNode> instances =
        Map.of(
            MODEL,
            examples.get(1).get("instance"),
            "pbc-progression",
            withoutLabel(patient),
            "lesion-classifier",
            withoutLabel(image),
            "breast-anomaly",
            examples.get(1).get("instance"));
    for (String model : methods.keySet()) {
      ObjectNode body = JSON.createObjectNode().put("explain", true);
      body.putArray("instances").add(instances.get(model));
      HttpResponse<String> response =
          send("POST", "/api/v1/models/" + model + "/predict", ada, body.toString());
      assertEquals(200, response.statusCode(), model + ": " + response.body());
      JsonNode explanation =
          JSON.readTree(response.body()).path("predictions").get(0).path("explanation");
      String expected = methods.get(model);
      if (model.equals("pbc-progression") && instances.get(model).path("visits").size() == 1) {
        expected = "visit-replacement";
      }
      assertEquals(expected, explanation.path("method").asText(), model);
      assertTrue(explanation.path("cost").has("evaluations"), model);
    }
  }

  private static JsonNode withoutLabel(JsonNode record) {
    ObjectNode instance = record.deepCopy();
    instance.remove("label");
    return instance;
  }

  @Test
  @Order(13)
  void platformModelsAreVisibleOnlyToEntitledTenants() throws Exception {
    String ben = tokens.userToken("cedar-valley", "dr.ben");
    String ada = tokens.userToken("aurora-general", "dr.ada");
    String model = "lesion-classifier";
    assertEquals(200, send("GET", "/api/v1/models/" + model, ada, null).statusCode());
    assertProblem(send("GET", "/api/v1/models/" + model, ben, null), 404);
    assertProblem(
        send("POST", "/api/v1/models/" + model + "/predict", ben, "{\"instances\":[{}]}"), 404);
    assertEquals(404, send("GET", "/v2/models/" + model, ben, null).statusCode());
    assertFalse(
        send("GET", "/api/v1/models?owner=platform", ben, null).body().contains(model),
        "not listed");

    String platformAdmin = tokens.userToken("medmaas", "platform.admin");
    String entitlement = "/api/v1/tenants/cedar-valley/entitlements/" + model;
    assertProblem(
        send("PUT", entitlement, tokens.userToken("cedar-valley", "admin.cedar"), null), 403);
    assertProblem(
        send(
            "DELETE",
            "/api/v1/tenants/aurora-general/entitlements/" + model,
            tokens.userToken("cedar-valley", "admin.cedar"),
            null),
        403);
    assertEquals(200, send("GET", "/api/v1/models/" + model, ada, null).statusCode());
    // a grant and a withdrawal reach serving within 5 s (tenant-admin's event, not a refresh)
    String image =
        JSON.readTree(
                Files.readString(
                    Path.of(System.getProperty("medmaas.home", ".."))
                        .toAbsolutePath()
                        .normalize()
                        .resolve("models/" + model + "/1/example-request.json")))
            .toString();
    String predict = "/api/v1/models/" + model + "/predict";
    assertEquals(204, send("PUT", entitlement, platformAdmin, null).statusCode());
    assertEquals(
        200, within5s(() -> send("POST", predict, ben, image).statusCode(), 200), "granted");
    assertEquals(204, send("DELETE", entitlement, platformAdmin, null).statusCode());
    assertEquals(
        404, within5s(() -> send("POST", predict, ben, image).statusCode(), 404), "withdrawn");
  }

  @Test
  @Order(14)
  void eachServiceLogsInAsItsOwnRoleWhichTouchesOnlyItsOwnSchema() throws Exception {
    KeyMaterial keys = KeyMaterial.ensure(stack.config().keys());
    String url = stack.config().jdbcUrl();
    // every role gives its password: the superuser without one is refused
    assertThrows(
        java.sql.SQLException.class,
        () -> java.sql.DriverManager.getConnection(url, "postgres", "").close());
    Map<String, List<String>> refused =
        Map.of(
            DatabaseRoles.REGISTRY_APP, List.of("SELECT * FROM tenancy.tenant"),
            DatabaseRoles.TENANCY_APP,
                List.of("SELECT * FROM registry.model", "SELECT * FROM registry.audit_event"),
            DatabaseRoles.EVENTS,
                List.of("SELECT * FROM registry.model", "SELECT * FROM tenancy.tenant"),
            DatabaseRoles.GATEWAY,
                List.of(
                    "SELECT * FROM registry.audit_event",
                    "SELECT * FROM registry.model",
                    "SELECT * FROM tenancy.tenant",
                    "SELECT * FROM tenancy.api_key"));
    for (var role : refused.entrySet()) {
      try (java.sql.Connection c =
              java.sql.DriverManager.getConnection(
                  url, role.getKey(), keys.databasePassword(role.getKey()));
          java.sql.Statement st = c.createStatement()) {
        try (java.sql.ResultSet r =
            st.executeQuery(
                "SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles"
                    + " WHERE rolname = current_user")) {
          r.next();
          assertFalse(r.getBoolean(1) || r.getBoolean(2) || r.getBoolean(3), role.getKey());
        }
        for (String sql : role.getValue()) {
          assertThrows(java.sql.SQLException.class, () -> st.executeQuery(sql), role + ": " + sql);
        }
      }
    }
    // the registry's login is its app role: nothing to RESET, and row security still binds it
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                url,
                DatabaseRoles.REGISTRY_APP,
                keys.databasePassword(DatabaseRoles.REGISTRY_APP));
        java.sql.Statement st = c.createStatement()) {
      st.execute("RESET ROLE");
      try (java.sql.ResultSet r =
          st.executeQuery("SELECT current_user, (SELECT count(*) FROM registry.audit_event)")) {
        r.next();
        assertEquals(DatabaseRoles.REGISTRY_APP, r.getString(1));
        assertEquals(0, r.getLong(2), "no scope, no rows, whatever the audit log holds");
      }
    }
    // no password is on any service's command line (ps shows command lines to every local user)
    for (String service : List.of("registry", "inference", "tenant-admin", "gateway")) {
      String commandLine =
          ProcessHandle.of(stack.pid(service))
              .flatMap(p -> p.info().arguments())
              .map(a -> String.join(" ", a))
              .orElse("");
      assertFalse(commandLine.isEmpty(), service);
      for (String role : DatabaseRoles.LOGINS) {
        assertFalse(commandLine.contains(keys.databasePassword(role)), service + " shows " + role);
      }
      // nor does any running service hold an owner role's password: the launcher migrated
      String environment = environmentOf(stack.pid(service));
      for (String owner : List.of(DatabaseRoles.REGISTRY_OWNER, DatabaseRoles.TENANCY_OWNER)) {
        assertFalse(
            environment.contains(keys.databasePassword(owner)), service + " holds " + owner);
      }
      assertFalse(commandLine.toLowerCase(java.util.Locale.ROOT).contains("password="), service);
    }
  }

  private static String environmentOf(long pid) throws IOException {
    return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")));
  }
}
