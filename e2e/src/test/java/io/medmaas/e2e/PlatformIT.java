package io.medmaas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medmaas.launcher.DemoTokens;
import io.medmaas.launcher.Stack;
import io.medmaas.launcher.StackConfig;
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
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
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
    Path home = Path.of(System.getProperty("medmaas.home", "..")).toAbsolutePath().normalize();
    Path state = home.resolve("e2e/target/stack");
    Files.createDirectories(state);
    deleteRecursively(state.resolve("postgres")); // every run starts with an empty audit log
    stack =
        Stack.start(
            StackConfig.ephemeral(home, state), line -> System.out.println("[stack] " + line));
    tokens = new DemoTokens(stack.config().keycloakUrl());
    gateway = stack.config().url(stack.config().gatewayPort());
    examples = JSON.readTree(home.resolve("models/" + MODEL + "/1/examples.json").toFile());
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @AfterAll
  static void stopPlatform() {
    if (stack != null) {
      stack.close();
    }
  }

  private static HttpResponse<String> send(String method, String path, String bearer, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(60));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
        assertEquals("dr.ada", item.get("subject").asText());
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
    assertProblem(send("POST", path, null, body), 401);

    String ada = tokens.userToken("aurora-general", "dr.ada");
    String[] parts = ada.split("\\.");
    String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    assertProblem(send("POST", path, tampered, body), 401);

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
    assertEquals("aurora-general-system", record.get("subject").asText());
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
    assertProblem(response, 400);
    assertTrue(response.body().contains("mean_texture"), response.body());

    ObjectNode text = examples.get(0).get("instance").deepCopy();
    text.put("mean_area", "large");
    response = send("POST", path, ada, predictBody(text));
    assertProblem(response, 400);
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
}
