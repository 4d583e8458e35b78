package io.medmaas.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.common.apikey.ApiKeyFormat;
import io.medmaas.launcher.DatabaseRoles;
import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.medmaas.testing.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Partners' API keys through tenant-admin's API, against a real PostgreSQL: the secret in the
 * create answer only and never at rest, listing without it, rotation with overlap, revocation,
 * every refusal of a bad field, another tenant's keys as 404, and row-level security underneath.
 */
@QuarkusTest
@WithTestResource(
    value = PostgresResource.class,
    initArgs = @ResourceArg(name = "service", value = "tenant-admin"))
@WithTestResource(InternalTrustResource.class)
@WithTestResource(StubProviders.class)
class ApiKeyAdministrationTest {

  private static final String CANARY = "zzcanary";

  private static String auroraAdmin() {
    return InternalTokens.forTenant("aurora-general", "admin.aurora", "hospital-admin");
  }

  private static String cedarAdmin() {
    return InternalTokens.forTenant("cedar-valley", "admin.cedar", "hospital-admin");
  }

  private static String inDays(int days) {
    return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static JsonPath create(String token, String tenant, String body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType("application/json")
        .body(body)
        .post("/internal/tenants/" + tenant + "/api-keys")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  private static String partnerKey(String name) {
    return "{\"name\":\""
        + name
        + "\",\"scopes\":[\"predict:breast-cancer-diagnosis\",\"models:read\"],"
        + "\"expiresAt\":\""
        + inDays(30)
        + "\",\"models\":[\"breast-cancer-diagnosis\"]}";
  }

  private static JsonPath lookup(String keyId) {
    return given()
        .auth()
        .oauth2(InternalTokens.gateway())
        .get("/internal/directory/api-keys/" + keyId)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void aKeyIsShownOnceInItsFormAndKeptOnlyAsAKeyedHash() throws Exception {
    JsonPath created = create(auroraAdmin(), "aurora-general", partnerKey("lab partner"));
    String secret = created.getString("secret");
    String id = created.getString("id");
    var parsed = ApiKeyFormat.parse(secret).orElseThrow();
    assertEquals(id, parsed.keyId());
    assertEquals("mk_live_" + id + "_", created.getString("prefix"));
    assertEquals("active", created.getString("status"));
    // listing: the key, never its secret or hash
    String listing =
        given()
            .auth()
            .oauth2(auroraAdmin())
            .get("/internal/tenants/aurora-general/api-keys")
            .then()
            .statusCode(200)
            .body("items.id", hasItem(id))
            .extract()
            .asString();
    assertFalse(listing.contains(parsed.secret()), "the secret is shown once only");
    assertFalse(listing.contains("secretHash") || listing.contains("secret\""));
    // at rest: neither the secret nor the whole key, anywhere in the table or the audit log
    try (Connection c = PostgresResource.superuser();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT string_agg(k::text, '|') FROM tenancy.api_key k)"
                    + " || (SELECT string_agg(a::text, '|') FROM registry.audit_event a)")) {
      rs.next();
      String everything = rs.getString(1);
      assertFalse(everything.contains(parsed.secret()));
      assertTrue(everything.contains(id), "the key id is named");
    }
    // the gateway's view: the hash, which the secret matches
    JsonPath seen = lookup(id);
    assertEquals("aurora-general", seen.getString("tenant"));
    assertTrue(
        ApiKeyFormat.matches(
            java.util.Base64.getDecoder()
                .decode("dGVzdC1vbmx5LWFwaS1rZXktaGFzaC1rZXktbm90LWEtc2VjcmV0LTAxMjM="),
            parsed.secret(),
            seen.getString("secretHash")));
  }

  @Test
  void aRotationGivesANewKeyAndLetsTheOldOneWorkForTheOverlapOnly() {
    JsonPath old = create(auroraAdmin(), "aurora-general", partnerKey("rotating"));
    String oldId = old.getString("id");
    JsonPath fresh =
        given()
            .auth()
            .oauth2(auroraAdmin())
            .contentType("application/json")
            .body("{\"overlapSeconds\":60}")
            .post("/internal/tenants/aurora-general/api-keys/" + oldId + "/rotate")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    assertFalse(fresh.getString("id").equals(oldId));
    assertEquals(old.getList("scopes"), fresh.getList("scopes"));
    Instant oldEnds = Instant.parse(lookup(oldId).getString("expiresAt"));
    assertTrue(
        oldEnds.isBefore(Instant.now().plusSeconds(61)), "the old key ends with the overlap");
    assertEquals(old.getString("expiresAt"), fresh.getString("expiresAt"));
    // a rotated key is not rotated twice
    given()
        .auth()
        .oauth2(auroraAdmin())
        .contentType("application/json")
        .post("/internal/tenants/aurora-general/api-keys/" + oldId + "/rotate")
        .then()
        .statusCode(409);
    given()
        .auth()
        .oauth2(auroraAdmin())
        .contentType("application/json")
        .body("{\"overlapSeconds\":99999999}")
        .post("/internal/tenants/aurora-general/api-keys/" + fresh.getString("id") + "/rotate")
        .then()
        .statusCode(400);
  }

  @Test
  void aRevokedKeyIsMarkedForTheGatewayAndTheChangeIsRecorded() throws Exception {
    String id = create(auroraAdmin(), "aurora-general", partnerKey("short-lived")).getString("id");
    given()
        .auth()
        .oauth2(auroraAdmin())
        .delete("/internal/tenants/aurora-general/api-keys/" + id)
        .then()
        .statusCode(204);
    assertTrue(lookup(id).getBoolean("revoked"));
    given()
        .auth()
        .oauth2(auroraAdmin())
        .get("/internal/tenants/aurora-general/api-keys")
        .then()
        .body("items.find { it.id == '" + id + "' }.status", equalTo("revoked"));
    try (Connection c = PostgresResource.superuser();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM registry.audit_event WHERE action = 'tenant.api-key.revoke'"
                    + " AND after_state LIKE '%"
                    + id
                    + "%'")) {
      rs.next();
      assertEquals(1, rs.getInt(1));
    }
  }

  private static io.restassured.response.ValidatableResponse limit(
      String token, String tenant, String id, String body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType("application/json")
        .body(body)
        .put("/internal/tenants/" + tenant + "/api-keys/" + id + "/limits")
        .then();
  }

  @Test
  void aKeysOwnLimitsAreSetOnCreateChangedByItsAdminsKeptOnRotationAndGivenToTheGateway()
      throws Exception {
    String body =
        "{\"name\":\"metered\",\"scopes\":[\"predict\"],\"expiresAt\":\""
            + inDays(3)
            + "\",\"limits\":{\"ratePerSecond\":2,\"burst\":4,\"dailyInstances\":100}}";
    JsonPath created = create(auroraAdmin(), "aurora-general", body);
    String id = created.getString("id");
    assertEquals(4, created.getInt("limits.burst"));
    assertEquals(100, created.getInt("limits.dailyInstances"));
    assertEquals(4, lookup(id).getInt("limits.burst"), "the gateway is told");
    // replaced (not merged), recorded before and after
    limit(auroraAdmin(), "aurora-general", id, "{\"maxConcurrent\":3}")
        .statusCode(200)
        .body("limits.maxConcurrent", equalTo(3))
        .body("limits.burst", nullValue());
    assertEquals(3, lookup(id).getInt("limits.maxConcurrent"));
    try (Connection c = PostgresResource.superuser();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT before_state, after_state FROM registry.audit_event"
                    + " WHERE action = 'tenant.api-key.limit' AND after_state LIKE '%"
                    + id
                    + "%'")) {
      assertTrue(rs.next(), "a change record");
      assertTrue(rs.getString(1).contains("\"burst\":4"), rs.getString(1));
      assertTrue(rs.getString(2).contains("\"maxConcurrent\":3"), rs.getString(2));
    }
    // a rotation keeps them
    String next =
        given()
            .auth()
            .oauth2(auroraAdmin())
            .contentType("application/json")
            .post("/internal/tenants/aurora-general/api-keys/" + id + "/rotate")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getString("id");
    assertEquals(3, lookup(next).getInt("limits.maxConcurrent"));
    assertEquals(id, lookup(next).getString("lineage"), "metered as the key it replaced");
    assertEquals(id, lookup(id).getString("lineage"));
    // {} clears them; limits out of bounds are refused naming the rule, not the value
    limit(auroraAdmin(), "aurora-general", next, "{}").statusCode(200).body("limits", nullValue());
    assertNull(lookup(next).get("limits"));
    for (String bad :
        new String[] {
          "{\"ratePerSecond\":0}",
          "{\"burst\":0}",
          "{\"maxBatch\":65}",
          "{\"dailyInstances\":-1}",
          "{\"maxConcurrent\":1000001}"
        }) {
      limit(auroraAdmin(), "aurora-general", next, bad)
          .statusCode(400)
          .contentType("application/problem+json");
    }
    // another tenant's admin: not found, under either path; a clinician: forbidden
    limit(cedarAdmin(), "aurora-general", next, "{\"burst\":1}").statusCode(404);
    limit(cedarAdmin(), "cedar-valley", next, "{\"burst\":1}").statusCode(404);
    limit(
            InternalTokens.forTenant("aurora-general", "dr.ada", "clinician"),
            "aurora-general",
            next,
            "{\"burst\":1}")
        .statusCode(403);
    assertNull(lookup(next).get("limits"), "untouched");
    // a revoked key's limits are not set
    given()
        .auth()
        .oauth2(auroraAdmin())
        .delete("/internal/tenants/aurora-general/api-keys/" + next)
        .then()
        .statusCode(204);
    limit(auroraAdmin(), "aurora-general", next, "{\"burst\":1}").statusCode(409);
  }

  @Test
  void badFieldsAre400NamingTheRuleNotTheValue() {
    String[] bad = {
      "{\"name\":\"x\",\"scopes\":[\"predict\"]}",
      "{\"name\":\"x\",\"scopes\":[\"predict\"],\"expiresAt\":\"2020-01-01T00:00:00Z\"}",
      "{\"name\":\"x\",\"scopes\":[\"predict\"],\"expiresAt\":\"" + inDays(4000) + "\"}",
      "{\"name\":\"x\",\"scopes\":[\"admin:" + CANARY + "\"],\"expiresAt\":\"" + inDays(3) + "\"}",
      "{\"name\":\"x\",\"scopes\":[],\"expiresAt\":\"" + inDays(3) + "\"}",
      "{\"name\":\"\",\"scopes\":[\"predict\"],\"expiresAt\":\"" + inDays(3) + "\"}",
      "{\"name\":\"x\",\"scopes\":[\"predict\"],\"expiresAt\":\""
          + inDays(3)
          + "\",\"models\":[\"Bad_"
          + CANARY
          + "\"]}",
      "{\"name\":\"x\",\"scopes\":[\"predict\"],\"expiresAt\":\"soon-" + CANARY + "\"}",
    };
    for (String body : bad) {
      given()
          .auth()
          .oauth2(auroraAdmin())
          .contentType("application/json")
          .body(body)
          .post("/internal/tenants/aurora-general/api-keys")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body(not(containsString(CANARY)));
    }
  }

  @Test
  void anotherTenantsKeysAreNotFoundAndCannotBeTouched() {
    String id = create(auroraAdmin(), "aurora-general", partnerKey("aurora only")).getString("id");
    given()
        .auth()
        .oauth2(cedarAdmin())
        .get("/internal/tenants/aurora-general/api-keys")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(cedarAdmin())
        .contentType("application/json")
        .body(partnerKey("x"))
        .post("/internal/tenants/aurora-general/api-keys")
        .then()
        .statusCode(404);
    // under its own tenant's path, another tenant's key id is not found either
    given()
        .auth()
        .oauth2(cedarAdmin())
        .delete("/internal/tenants/cedar-valley/api-keys/" + id)
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(cedarAdmin())
        .contentType("application/json")
        .post("/internal/tenants/cedar-valley/api-keys/" + id + "/rotate")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(cedarAdmin())
        .get("/internal/tenants/cedar-valley/api-keys")
        .then()
        .statusCode(200)
        .body("items.id", not(hasItem(id)));
    assertTrue(!lookup(id).getBoolean("revoked"), "untouched");
    // clinicians and auditors manage no keys; the platform's admins manage any tenant's
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("aurora-general", "dr.ada", "clinician"))
        .get("/internal/tenants/aurora-general/api-keys")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("platform", "ops", "platform-admin"))
        .get("/internal/tenants/aurora-general/api-keys")
        .then()
        .statusCode(200)
        .body("items.id", hasItem(id));
    // only the gateway looks keys up
    given()
        .auth()
        .oauth2(auroraAdmin())
        .get("/internal/directory/api-keys/" + id)
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(InternalTokens.gateway())
        .get("/internal/directory/api-keys/AAAAAAAAAAAA")
        .then()
        .statusCode(404)
        .body("detail", not(containsString("AAAA")));
  }

  @Test
  void rowLevelSecuritySeesNoKeyWithoutATenantAndOnlyTheTenantsWithOne() throws Exception {
    create(auroraAdmin(), "aurora-general", partnerKey("rls aurora"));
    create(cedarAdmin(), "cedar-valley", partnerKey("rls cedar"));
    try (Connection c = PostgresResource.database().connectAs(DatabaseRoles.TENANCY_APP);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM tenancy.api_key")) {
        rs.next();
        assertEquals(0, rs.getInt(1), "no tenant set: no rows");
      }
      st.execute("SELECT set_config('medmaas.tenant', 'aurora-general', true)");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*), count(*) FILTER (WHERE tenant_id <> 'aurora-general')"
                  + " FROM tenancy.api_key")) {
        rs.next();
        assertTrue(rs.getInt(1) > 0);
        assertEquals(0, rs.getInt(2), "tenant A: only A's rows");
      }
      assertEquals(
          0,
          st.executeUpdate(
              "UPDATE tenancy.api_key SET name = 'x' WHERE tenant_id = 'cedar-valley'"),
          "nor can it change B's");
      c.rollback();
    }
  }

  @Test
  void aSuspendedTenantGetsNoNewKey() {
    String id = "susp-" + java.util.UUID.randomUUID().toString().substring(0, 6);
    String platform = InternalTokens.forTenant("platform", "ops", "platform-admin");
    given()
        .auth()
        .oauth2(platform)
        .contentType("application/json")
        .body(
            "{\"id\":\""
                + id
                + "\",\"displayName\":\"S\",\"issuer\":\""
                + StubProviders.realms()
                + id
                + "\",\"audiences\":[\"medmaas-api\"]}")
        .post("/internal/tenants")
        .then()
        .statusCode(201);
    given()
        .auth()
        .oauth2(platform)
        .post("/internal/tenants/" + id + "/suspend")
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(platform)
        .contentType("application/json")
        .body(partnerKey("x"))
        .post("/internal/tenants/" + id + "/api-keys")
        .then()
        .statusCode(409)
        .body("models", nullValue());
  }
}
