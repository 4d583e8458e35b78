package io.medmaas.e2e;

import static io.medmaas.e2e.LocalPlatform.send;
import static io.medmaas.e2e.LocalPlatform.within5s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Onboarding a third hospital with no restart: a new realm is created in the running Keycloak
 * through its admin API, as a hospital's own identity provider; a platform admin onboards it
 * through the gateway (its provider is checked, its role names mapped); its users' tokens work
 * within 5 s; suspended, they are refused within 5 s; reactivated, they work again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(LocalPlatform.class)
@org.junit.jupiter.api.Order(2)
class ControlPlaneIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String REALM = "north-ridge";
  private static final String MODEL = "breast-cancer-diagnosis";

  private static String platformAdmin() {
    return LocalPlatform.tokens().userToken("medmaas", "platform.admin");
  }

  private static String nora() {
    return LocalPlatform.tokens().userToken(REALM, "dr.nora");
  }

  private static String prediction() throws Exception {
    JsonNode examples =
        JSON.readTree(
            Files.readString(LocalPlatform.home().resolve("models/" + MODEL + "/1/examples.json")));
    JsonNode instance = examples.get(0).get("instance");
    return "{\"instances\":[" + instance + "]}";
  }

  private static int predictAsNora(String body) throws Exception {
    return send("POST", "/api/v1/models/" + MODEL + "/predict", nora(), body).statusCode();
  }

  /** The hospital's own identity provider: a realm whose role for doctors is "physician". */
  private static void createRealm() throws Exception {
    String admin = LocalPlatform.tokens().keycloakAdmin();
    // the example realm the README's onboarding walk-through creates
    String realm =
        Files.readString(LocalPlatform.home().resolve("docs/examples/north-ridge-realm.json"));
    String realms = LocalPlatform.stack().config().keycloakUrl() + "/admin/realms";
    // Keycloak keeps its data between runs of the suite: a realm from an earlier run goes first
    HTTP.send(
        HttpRequest.newBuilder(URI.create(realms + "/" + REALM))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + admin)
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.discarding());
    HttpResponse<String> created =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(realms))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(realm))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(201, created.statusCode(), created.body());
  }

  @Test
  @Order(1)
  void aNewHospitalIsOnboardedAndItsTokensWorkWithin5sWithNoRestart() throws Exception {
    createRealm();
    String body = prediction();
    assertEquals(401, predictAsNora(body), "not a tenant yet");
    String issuer = LocalPlatform.stack().config().keycloakUrl() + "/realms/" + REALM;
    HttpResponse<String> onboarded =
        send(
            "POST",
            "/api/v1/tenants",
            platformAdmin(),
            "{\"id\":\"north-ridge\",\"displayName\":\"North Ridge Hospital\","
                + "\"contact\":\"it@north-ridge.example\",\"issuer\":\""
                + issuer
                + "\",\"audiences\":[\"medmaas-api\"],"
                + "\"roleMapping\":{\"physician\":\"clinician\",\"it-admin\":\"hospital-admin\"},"
                + "\"plan\":\"trial\"}");
    assertEquals(201, onboarded.statusCode(), onboarded.body());
    assertEquals(
        204,
        send("PUT", "/api/v1/tenants/north-ridge/entitlements/" + MODEL, platformAdmin(), null)
            .statusCode());
    long start = System.nanoTime();
    assertEquals(200, within5s(() -> predictAsNora(body), 200), "onboarded within 5 s");
    System.out.printf(
        "[control-plane] a new hospital's token worked %d ms after onboarding%n",
        (System.nanoTime() - start) / 1_000_000);
    HttpResponse<String> self = send("GET", "/api/v1/tenants/north-ridge", platformAdmin(), null);
    assertEquals("trial", JSON.readTree(self.body()).get("plan").asText());
  }

  @Test
  @Order(2)
  void suspendedItIsCutOffWithin5sAndReactivatedItWorksAgain() throws Exception {
    String body = prediction();
    assertEquals(
        200,
        send("POST", "/api/v1/tenants/north-ridge/suspend", platformAdmin(), null).statusCode());
    assertEquals(403, within5s(() -> predictAsNora(body), 403), "suspended within 5 s");
    HttpResponse<String> refused =
        send("POST", "/api/v1/models/" + MODEL + "/predict", nora(), body);
    assertTrue(refused.body().contains("not active"), refused.body());
    assertEquals(
        200,
        send("POST", "/api/v1/tenants/north-ridge/reactivate", platformAdmin(), null).statusCode());
    assertEquals(200, within5s(() -> predictAsNora(body), 200), "reactivated within 5 s");
  }

  @Test
  @Order(3)
  void anIssuerWhoseProviderIsNotThereIsRefusedSayingWhy() throws Exception {
    HttpResponse<String> refused =
        send(
            "POST",
            "/api/v1/tenants",
            platformAdmin(),
            "{\"id\":\"nowhere\",\"displayName\":\"Nowhere\",\"issuer\":\""
                + LocalPlatform.stack().config().keycloakUrl()
                + "/realms/no-such-realm\",\"audiences\":[\"medmaas-api\"]}");
    assertEquals(422, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("HTTP 404"), refused.body());
  }

  private static int predictWithKey(String key, String body) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(LocalPlatform.gateway() + "/api/v1/models/" + MODEL + "/predict"))
                .timeout(Duration.ofSeconds(30))
                .header("X-API-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  @Order(4)
  void aHospitalAdminIssuesRotatesAndRevokesAPartnerKey() throws Exception {
    String admin = LocalPlatform.tokens().userToken("aurora-general", "admin.aurora");
    String keys = "/api/v1/tenants/aurora-general/api-keys";
    HttpResponse<String> created =
        send(
            "POST",
            keys,
            admin,
            "{\"name\":\"lab partner\",\"scopes\":[\"predict:"
                + MODEL
                + "\"],\"expiresAt\":\""
                + java.time.Instant.now().plus(java.time.Duration.ofDays(30))
                + "\"}");
    assertEquals(201, created.statusCode(), created.body());
    JsonNode key = JSON.readTree(created.body());
    String secret = key.get("secret").asText();
    assertTrue(secret.startsWith("mk_live_" + key.get("id").asText() + "_"));
    String body = prediction();
    assertEquals(200, predictWithKey(secret, body));
    // the listing never shows a secret; another hospital's admin does not see the list at all
    HttpResponse<String> listing = send("GET", keys, admin, null);
    assertEquals(200, listing.statusCode());
    assertTrue(!listing.body().contains(secret.substring(21)), "no secret in the listing");
    String cedarAdmin = LocalPlatform.tokens().userToken("cedar-valley", "admin.cedar");
    assertEquals(404, send("GET", keys, cedarAdmin, null).statusCode());
    // a key in the URL is refused
    assertEquals(400, send("GET", "/api/v1/models?api_key=" + secret, null, null).statusCode());
    // rotation: both work during the overlap
    HttpResponse<String> rotated =
        send(
            "POST",
            keys + "/" + key.get("id").asText() + "/rotate",
            admin,
            "{\"overlapSeconds\":600}");
    assertEquals(201, rotated.statusCode(), rotated.body());
    JsonNode successor = JSON.readTree(rotated.body());
    String next = successor.get("secret").asText();
    assertEquals(200, predictWithKey(next, body));
    assertEquals(200, predictWithKey(secret, body), "the old key works during the overlap");
    // revocation reaches the gateway within 5 s
    assertEquals(
        204, send("DELETE", keys + "/" + key.get("id").asText(), admin, null).statusCode());
    assertEquals(401, within5s(() -> predictWithKey(secret, body), 401), "revoked within 5 s");
    assertEquals(200, predictWithKey(next, body), "its successor still works");
    // the last use shows in the listing (the gateway reports every 10 s)
    long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
    boolean shown = false;
    while (!shown && System.nanoTime() < deadline) {
      for (JsonNode item : JSON.readTree(send("GET", keys, admin, null).body()).get("items")) {
        if (item.get("id").asText().equals(successor.get("id").asText())
            && item.hasNonNull("lastUsedAt")) {
          shown = true;
        }
      }
      Thread.sleep(500);
    }
    assertTrue(shown, "last use shown");
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static HttpResponse<String> predictAt(String base, String bearer, String body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/models/" + MODEL + "/predict"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + bearer)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(5)
  void twoGatewaysShareATenantsRateLimit() throws Exception {
    HttpResponse<String> set =
        send(
            "PUT",
            "/api/v1/tenants/north-ridge/quota",
            platformAdmin(),
            "{\"overrides\":{\"ratePerSecond\":1,\"burst\":10}}");
    assertEquals(200, set.statusCode(), set.body());
    assertEquals(1.0, JSON.readTree(set.body()).get("effective").get("ratePerSecond").asDouble());
    int port = freePort();
    LocalPlatform.stack()
        .startVariant(
            "gateway",
            "gateway-2",
            port,
            Map.of(
                "quarkus.management.port",
                String.valueOf(freePort()),
                "medmaas.quotas.replicas",
                "2"));
    String[] gateways = {LocalPlatform.gateway(), "http://127.0.0.1:" + port};
    String body = prediction();
    String token = nora();
    // both gateways enforce the new limits (the event) before the burst
    for (String base : gateways) {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (predictAt(base, token, body)
                  .headers()
                  .firstValue("RateLimit-Policy")
                  .orElse("")
                  .contains("q=10;")
              == false
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    }
    Thread.sleep(11_000); // the bucket refills (10 at 1 per second)
    long start = System.nanoTime();
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 30; i++) {
      HttpResponse<String> answer = predictAt(gateways[i % 2], token, body);
      if (answer.statusCode() == 200) {
        accepted++;
      } else {
        assertEquals(429, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("quota-exceeded"), answer.body());
        refused++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "[control-plane] two gateways, bucket 10 at 1/s: %d accepted, %d refused in %.1f s%n",
        accepted, refused, seconds);
    assertTrue(
        accepted <= 10 + 2 + (int) Math.ceil(seconds),
        "within the limit + number of replicas: " + accepted);
    assertTrue(accepted >= 8, "the limit is given, not refused: " + accepted);
    send("PUT", "/api/v1/tenants/north-ridge/quota", platformAdmin(), "{\"overrides\":{}}");
  }

  /** A call whose tenant was just held to a tight rate: repeated, as its Retry-After says. */
  private interface Call {
    HttpResponse<String> send() throws Exception;
  }

  private static HttpResponse<String> notLimited(Call call) throws Exception {
    // the previous test's tight quota is lifted on every gateway within 5 s
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> answer = call.send();
      if (answer.statusCode() != 429 || attempt == 20) {
        return answer;
      }
      Thread.sleep(1000L * Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1")));
    }
  }

  @Test
  @Order(6)
  void theMeteredSuccessesAreTheAuditedSuccesses() throws Exception {
    String admin = LocalPlatform.tokens().userToken(REALM, "it.north"); // hospital-admin, mapped
    HttpResponse<String> usage =
        notLimited(() -> send("GET", "/api/v1/tenants/north-ridge/usage", admin, null));
    assertEquals(200, usage.statusCode(), usage.body());
    JsonNode meter = JSON.readTree(usage.body());
    long audited = 0;
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    for (int page = 0; ; page++) {
      String path = "/api/v1/audit-events?size=200&page=" + page;
      HttpResponse<String> records = notLimited(() -> send("GET", path, admin, null));
      assertEquals(200, records.statusCode(), records.body());
      JsonNode items = JSON.readTree(records.body()).get("items");
      for (JsonNode item : items) {
        if (item.get("kind").asText().equals("access")
            && item.get("action").asText().equals("model.predict")
            && item.get("outcome").asInt() == 200
            && item.get("occurredAt").asText().startsWith(today)) {
          audited++;
        }
      }
      if (items.size() < 200) {
        break;
      }
    }
    System.out.printf(
        "[control-plane] north-ridge today: %d successful predictions metered, %d audited, %d"
            + " instances%n",
        meter.get("succeeded").asLong(), audited, meter.get("instances").asLong());
    assertTrue(audited > 0);
    assertEquals(audited, meter.get("succeeded").asLong());
    assertTrue(meter.get("instances").asLong() >= audited, "every success held an instance");
    String cedarAdmin = LocalPlatform.tokens().userToken("cedar-valley", "admin.cedar");
    assertEquals(
        404, send("GET", "/api/v1/tenants/north-ridge/usage", cedarAdmin, null).statusCode());
  }
}
