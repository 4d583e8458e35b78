package io.medmaas.registry.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.medmaas.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(InternalTrustResource.class)
class AuditResourceTest {

  private static final String DIGEST = "hmac-sha256:" + "ab".repeat(32);

  @Inject DataSource dataSource;

  private static String tenant() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Map<String, Object> record(String tenant, String requestId, String action) {
    return Map.of(
        "requestId",
        requestId,
        "tenant",
        tenant,
        "subject",
        "dr.test",
        "action",
        action,
        "model",
        "breast-cancer-diagnosis",
        "modelVersion",
        "1",
        "outcome",
        200,
        "latencyMs",
        12,
        "inputDigest",
        DIGEST);
  }

  private static void append(Map<String, Object> record) {
    given()
        .auth()
        .oauth2(InternalTokens.gateway())
        .contentType(ContentType.JSON)
        .body(record)
        .post("/internal/audit-events")
        .then()
        .statusCode(201);
  }

  @Test
  void auditorSeesOwnTenantsRecordsNewestFirst() {
    String tenant = tenant();
    append(record(tenant, "req-first-1", "model.predict"));
    append(record(tenant, "req-second-2", "audit.read"));

    given()
        .auth()
        .oauth2(InternalTokens.forTenant(tenant, "auditor.x", "auditor"))
        .get("/internal/audit-events")
        .then()
        .statusCode(200)
        .body("total", equalTo(2))
        .body("items.requestId", contains("req-second-2", "req-first-1"))
        .body("items.tenant", everyItem(equalTo(tenant)))
        .body("items[1].inputDigest", equalTo(DIGEST));
  }

  @Test
  void anotherTenantSeesNoneOfTheRecords() {
    String aurora = tenant();
    String cedar = tenant();
    append(record(aurora, "req-aurora-only", "model.predict"));

    given()
        .auth()
        .oauth2(InternalTokens.forTenant(cedar, "admin.cedar", "hospital-admin"))
        .get("/internal/audit-events")
        .then()
        .statusCode(200)
        .body("total", equalTo(0))
        .body("items.requestId", not(hasItem("req-aurora-only")));
  }

  @Test
  void clinicianCannotReadTheAuditLog() {
    given()
        .auth()
        .oauth2(InternalTokens.forTenant(tenant(), "dr.x", "clinician"))
        .get("/internal/audit-events")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
  }

  @Test
  void onlyTheGatewayMayAppend() {
    String tenant = tenant();
    given()
        .auth()
        .oauth2(InternalTokens.forTenant(tenant, "auditor.x", "auditor"))
        .contentType(ContentType.JSON)
        .body(record(tenant, "req-forged-1", "model.predict"))
        .post("/internal/audit-events")
        .then()
        .statusCode(403);
  }

  @Test
  void rejectsRequestsWithoutAValidInternalToken() {
    given().get("/internal/audit-events").then().statusCode(401).body("status", equalTo(401));
    given()
        .auth()
        .oauth2(InternalTokens.signedByStranger(tenant()))
        .get("/internal/audit-events")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void rejectsInternalTokensWithWrongIssuerAudienceOrExpiry() {
    for (String token :
        java.util.List.of(
            InternalTokens.withIssuerAndAudience("someone-else", "medmaas-internal"),
            InternalTokens.withIssuerAndAudience("medmaas-gateway", "another-audience"),
            InternalTokens.expired(tenant()))) {
      given().auth().oauth2(token).get("/internal/audit-events").then().statusCode(401);
    }
  }

  @Test
  void rejectsARecordThatCouldCarryInput() {
    Map<String, Object> withRawInput = new java.util.HashMap<>(record(tenant(), "req-raw-1", "x"));
    withRawInput.put("inputDigest", "mean_radius=17.99");
    given()
        .auth()
        .oauth2(InternalTokens.gateway())
        .contentType(ContentType.JSON)
        .body(withRawInput)
        .post("/internal/audit-events")
        .then()
        .statusCode(400)
        .body("errors", hasItem("inputDigest: must be hmac-sha256:<64 hex digits>"))
        .body(not(org.hamcrest.Matchers.containsString("17.99")));
  }

  @Test
  void recordsCannotBeChangedOrRemoved() throws SQLException {
    append(record(tenant(), "req-immutable-1", "model.predict"));
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      assertThrows(
          SQLException.class,
          () -> statement.executeUpdate("UPDATE registry.audit_event SET outcome = 500"));
      assertThrows(
          SQLException.class, () -> statement.executeUpdate("DELETE FROM registry.audit_event"));
    }
  }

  @Test
  void rejectsAnOversizedPage() {
    given()
        .auth()
        .oauth2(InternalTokens.forTenant(tenant(), "auditor.x", "auditor"))
        .get("/internal/audit-events?size=100000")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void aBatchIsAppendedWhole() {
    String tenant = tenant();
    given()
        .auth()
        .oauth2(InternalTokens.gateway())
        .contentType(ContentType.JSON)
        .body(
            java.util.List.of(
                record(tenant, "req-batch-1", "model.predict"),
                record(tenant, "req-batch-2", "model.predict")))
        .post("/internal/audit-events/batch")
        .then()
        .statusCode(201)
        .body("appended", equalTo(2));
    given()
        .auth()
        .oauth2(InternalTokens.forTenant(tenant, "auditor.x", "auditor"))
        .get("/internal/audit-events")
        .then()
        .statusCode(200)
        .body("total", equalTo(2));
  }

  @Test
  void aBatchWithOneInvalidRecordWritesNothing() {
    String tenant = tenant();
    Map<String, Object> invalid = new java.util.HashMap<>(record(tenant, "req-bad-2", "x"));
    invalid.put("outcome", 42);
    given()
        .auth()
        .oauth2(InternalTokens.gateway())
        .contentType(ContentType.JSON)
        .body(java.util.List.of(record(tenant, "req-good-1", "model.predict"), invalid))
        .post("/internal/audit-events/batch")
        .then()
        .statusCode(400)
        .body("errors[0]", equalTo("[1].outcome: must be an HTTP status"));
    given()
        .auth()
        .oauth2(InternalTokens.forTenant(tenant, "auditor.x", "auditor"))
        .get("/internal/audit-events")
        .then()
        .statusCode(200)
        .body("total", equalTo(0));
  }

  @Test
  void onlyTheGatewayAppendsBatches() {
    given()
        .auth()
        .oauth2(InternalTokens.forTenant(tenant(), "dr.x", "clinician", "auditor"))
        .contentType(ContentType.JSON)
        .body(java.util.List.of(record(tenant(), "req-forged-9", "model.predict")))
        .post("/internal/audit-events/batch")
        .then()
        .statusCode(403);
  }
}
