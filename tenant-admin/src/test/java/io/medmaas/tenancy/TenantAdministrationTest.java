package io.medmaas.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.medmaas.testing.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Onboarding and running hospitals through tenant-admin's API, against a real PostgreSQL and
 * stand-in identity providers: each change is checked where the gateway reads it (the directory)
 * and in the audit log (a change record with before and after), and every refusal is a problem that
 * names the rule, never the value sent.
 */
@QuarkusTest
@WithTestResource(
    value = PostgresResource.class,
    initArgs = @ResourceArg(name = "service", value = "tenant-admin"))
@WithTestResource(InternalTrustResource.class)
@WithTestResource(StubProviders.class)
class TenantAdministrationTest {

  private static final String CANARY = "zzcanary";

  private static String platformAdmin() {
    return InternalTokens.forTenant("platform", "ops-1", "platform-admin");
  }

  private static String newHospital(String id) {
    return "{\"id\":\""
        + id
        + "\",\"displayName\":\"North Ridge Hospital\",\"contact\":\"it@north-ridge.example\","
        + "\"issuer\":\""
        + StubProviders.realms()
        + id
        + "\",\"audiences\":[\"medmaas-api\",\"north-ridge-ehr\"],\"rolesClaim\":\"groups\","
        + "\"roleMapping\":{\"physician\":\"clinician\"},\"plan\":\"trial\"}";
  }

  private static Response create(String token, String body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType("application/json")
        .body(body)
        .post("/internal/tenants");
  }

  private static ValidatableResponse directory() {
    return given()
        .auth()
        .oauth2(InternalTokens.gateway())
        .get("/internal/directory/tenants")
        .then()
        .statusCode(200);
  }

  /** The audit log's change records of {@code action} for {@code tenant}, oldest first. */
  private static List<Map<String, Object>> changes(String tenant, String action) throws Exception {
    try (Connection c = PostgresResource.superuser();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT kind, subject, tenant_id, before_state, after_state, request_id"
                    + " FROM registry.audit_event WHERE tenant_id = ? AND action = ? ORDER BY id")) {
      st.setString(1, tenant);
      st.setString(2, action);
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aPlatformAdminOnboardsAHospitalWhoseProviderChecksOut() throws Exception {
    String id = unique("north-ridge");
    create(platformAdmin(), newHospital(id))
        .then()
        .statusCode(201)
        .body("id", equalTo(id))
        .body("status", equalTo("active"))
        .body("plan", equalTo("trial"))
        .body("audiences", org.hamcrest.Matchers.contains("medmaas-api", "north-ridge-ehr"))
        .body("rolesClaim", equalTo("groups"))
        .body("roleMapping.physician", equalTo("clinician"));
    directory()
        .body("find { it.id == '" + id + "' }.issuer", equalTo(StubProviders.realms() + id))
        .body("find { it.id == '" + id + "' }.rolesClaim", equalTo("groups"))
        .body("find { it.id == '" + id + "' }.status", equalTo("active"));
    List<Map<String, Object>> records = changes(id, "tenant.create");
    assertEquals(1, records.size());
    assertEquals("change", records.get(0).get("kind"));
    assertEquals("ops-1", records.get(0).get("subject"));
    assertNull(records.get(0).get("before_state"));
    assertTrue(((String) records.get(0).get("after_state")).contains("\"plan\":\"trial\""));
  }

  @Test
  void anIssuerWhoseProviderDoesNotCheckOutIsRefusedSayingWhy() throws Exception {
    Map<String, String> cases =
        Map.of(
            "impostor", "names another issuer",
            "keyless", "holds no key",
            "broken", "HTTP 500",
            "huge", "larger than 256 KiB");
    for (var failing : cases.entrySet()) {
      String body = newHospital(failing.getKey());
      create(platformAdmin(), body)
          .then()
          .statusCode(422)
          .contentType("application/problem+json")
          .body("detail", containsString(failing.getValue()));
      assertTrue(changes(failing.getKey(), "tenant.create").isEmpty());
    }
    String unreachable =
        newHospital("nobody-home").replace(StubProviders.realms(), "http://127.0.0.1:1/realms/");
    create(platformAdmin(), unreachable)
        .then()
        .statusCode(422)
        .body("detail", containsString("could not be fetched"));
  }

  @Test
  void fieldsThatBreakARuleAre400NamingTheRuleNotTheValue() {
    String good = newHospital(unique("rules"));
    List<String> bad =
        List.of(
            good.replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"Bad_" + CANARY + "\""),
            good.replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"platform\""),
            good.replace(
                "\"roleMapping\":{\"physician\":\"clinician\"}",
                "\"roleMapping\":{\"" + CANARY + "\":\"platform-admin\"}"),
            good.replace("\"rolesClaim\":\"groups\"", "\"rolesClaim\":\"a b " + CANARY + "\""),
            good.replace("[\"medmaas-api\",\"north-ridge-ehr\"]", "[]"),
            good.replace("\"plan\":\"trial\"", "\"plan\":\"" + CANARY + "\""),
            good.replaceFirst("\"issuer\":\"[^\"]+\"", "\"issuer\":\"ftp://" + CANARY + "/x\""),
            good.replaceFirst(
                "\"issuer\":\"[^\"]+\"", "\"issuer\":\"https://idp.example/r?" + CANARY + "=1\""),
            good.replace(
                "\"displayName\":\"North Ridge Hospital\"", "\"displayName\":\"a\\u0000b\""),
            "[]");
    for (String body : bad) {
      create(platformAdmin(), body)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body(not(containsString(CANARY)));
    }
  }

  @Test
  void anIdOrAnIssuerInUseIs409() {
    String id = unique("twice");
    create(platformAdmin(), newHospital(id)).then().statusCode(201);
    create(platformAdmin(), newHospital(id)).then().statusCode(409);
    String sameIssuer =
        newHospital(id).replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + unique("other") + "\"");
    create(platformAdmin(), sameIssuer)
        .then()
        .statusCode(409)
        .body("detail", containsString("already trusts this issuer"));
  }

  @Test
  void aPatchChangesOnlyWhatItSendsAndIsRecordedWithBeforeAndAfter() throws Exception {
    String id = unique("patched");
    create(platformAdmin(), newHospital(id)).then().statusCode(201);
    given()
        .auth()
        .oauth2(platformAdmin())
        .contentType("application/json")
        .body("{\"displayName\":\"North Ridge Medical Center\",\"plan\":\"enterprise\"}")
        .patch("/internal/tenants/" + id)
        .then()
        .statusCode(200)
        .body("displayName", equalTo("North Ridge Medical Center"))
        .body("plan", equalTo("enterprise"))
        .body("rolesClaim", equalTo("groups"));
    Map<String, Object> record = changes(id, "tenant.update").get(0);
    assertTrue(((String) record.get("before_state")).contains("\"plan\":\"trial\""));
    assertTrue(((String) record.get("after_state")).contains("\"plan\":\"enterprise\""));
    given()
        .auth()
        .oauth2(platformAdmin())
        .contentType("application/json")
        .body("{\"id\":\"renamed\"}")
        .patch("/internal/tenants/" + id)
        .then()
        .statusCode(400);
  }

  @Test
  void suspendReactivateAndDeleteShowWhereTheGatewayLooks() throws Exception {
    String id = unique("lifecycle");
    create(platformAdmin(), newHospital(id)).then().statusCode(201);
    String tenant = "/internal/tenants/" + id;
    given()
        .auth()
        .oauth2(platformAdmin())
        .post(tenant + "/suspend")
        .then()
        .statusCode(200)
        .body("status", equalTo("suspended"));
    directory().body("find { it.id == '" + id + "' }.status", equalTo("suspended"));
    given()
        .auth()
        .oauth2(platformAdmin())
        .post(tenant + "/reactivate")
        .then()
        .statusCode(200)
        .body("status", equalTo("active"));
    directory().body("find { it.id == '" + id + "' }.status", equalTo("active"));
    assertEquals(1, changes(id, "tenant.suspend").size());
    assertEquals(1, changes(id, "tenant.reactivate").size());

    given()
        .auth()
        .oauth2(platformAdmin())
        .delete(tenant)
        .then()
        .statusCode(200)
        .body("status", equalTo("deleted"))
        .body("deletedAt", org.hamcrest.Matchers.notNullValue());
    directory().body("id", not(hasItem(id)));
    given()
        .auth()
        .oauth2(platformAdmin())
        .get(tenant)
        .then()
        .statusCode(200)
        .body("status", equalTo("deleted"));
    create(platformAdmin(), newHospital(id).replace(id + "\",\"aud", id + "-again\",\"aud"))
        .then()
        .statusCode(409)
        .body("detail", containsString("retention period"));
    given().auth().oauth2(platformAdmin()).post(tenant + "/reactivate").then().statusCode(409);
    assertEquals(1, changes(id, "tenant.delete").size());
    // the deleted tenant's issuer may serve a new tenant
    String successor = unique("successor");
    create(
            platformAdmin(),
            newHospital(id).replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + successor + "\""))
        .then()
        .statusCode(201);
  }

  @Test
  void aHospitalsAdminSeesItsOwnTenantOnlyAndChangesNone() {
    String own = InternalTokens.forTenant("cedar-valley", "admin.cedar", "hospital-admin");
    given()
        .auth()
        .oauth2(own)
        .get("/internal/tenants/cedar-valley")
        .then()
        .statusCode(200)
        .body("id", equalTo("cedar-valley"));
    given().auth().oauth2(own).get("/internal/tenants/aurora-general").then().statusCode(404);
    given().auth().oauth2(own).get("/internal/tenants/no-such-tenant").then().statusCode(404);
    given().auth().oauth2(own).get("/internal/tenants").then().statusCode(403);
    given()
        .auth()
        .oauth2(own)
        .post("/internal/tenants/cedar-valley/suspend")
        .then()
        .statusCode(403);
    // a role called platform-admin in a hospital's token does not make it the platform's
    String impostor = InternalTokens.forTenant("cedar-valley", "admin.cedar", "platform-admin");
    create(impostor, newHospital(unique("impostor"))).then().statusCode(403);
    given()
        .auth()
        .oauth2(impostor)
        .post("/internal/tenants/aurora-general/suspend")
        .then()
        .statusCode(403);
    given().auth().oauth2(impostor).get("/internal/tenants").then().statusCode(403);
    directory().body("find { it.id == 'aurora-general' }.status", equalTo("active"));
  }

  @Test
  void platformAdminsListTenantsPaged() {
    given()
        .auth()
        .oauth2(platformAdmin())
        .queryParam("size", "1")
        .get("/internal/tenants")
        .then()
        .statusCode(200)
        .body("items.size()", equalTo(1))
        .body("size", equalTo(1));
    given()
        .auth()
        .oauth2(platformAdmin())
        .queryParam("page", "abc")
        .get("/internal/tenants")
        .then()
        .statusCode(400);
  }

  @Test
  void entitlementsAreListedForTheTenantsOwnAdminsAndGrantedOnlyForPlatformModelsThatExist()
      throws Exception {
    String own = InternalTokens.forTenant("cedar-valley", "admin.cedar", "hospital-admin");
    given()
        .auth()
        .oauth2(own)
        .get("/internal/tenants/cedar-valley/entitlements")
        .then()
        .statusCode(200)
        .body("models", hasItem("breast-cancer-diagnosis"));
    given()
        .auth()
        .oauth2(own)
        .get("/internal/tenants/aurora-general/entitlements")
        .then()
        .statusCode(404);
    String base = "/internal/tenants/cedar-valley/entitlements/";
    given().auth().oauth2(platformAdmin()).put(base + "no-such-model").then().statusCode(404);
    given().auth().oauth2(platformAdmin()).put(base + "aurora-private").then().statusCode(404);
    given().auth().oauth2(platformAdmin()).put(base + "pbc-progression").then().statusCode(204);
    assertFalse(changes("cedar-valley", "tenant.entitlement.grant").isEmpty());
    given().auth().oauth2(platformAdmin()).delete(base + "pbc-progression").then().statusCode(204);
    assertFalse(changes("cedar-valley", "tenant.entitlement.revoke").isEmpty());
  }
}
