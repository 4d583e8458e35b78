package io.medmaas.registry.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.common.audit.AuditRecord;
import io.medmaas.common.audit.AuditTable;
import io.medmaas.launcher.DatabaseRoles;
import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.medmaas.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The audit log as the registry keeps it: records appended by the gateway's INSERT-only writer
 * role, read back per tenant, never changed.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(InternalTrustResource.class)
class AuditResourceTest {

  private static final String DIGEST = "hmac-sha256:" + "ab".repeat(32);

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String url;

  private static String tenant() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static AuditRecord record(String tenant, String action, Instant at) {
    return AuditRecord.access(UUID.randomUUID().toString(), action)
        .at(at)
        .tenant(tenant)
        .who("sub-1", "dr.test", "ehr-client", "jti-1")
        .clientAddress("127.0.0.1")
        .model("breast-cancer-diagnosis", "1")
        .outcome(200, null)
        .latencyMs(12)
        .inputDigest(DIGEST)
        .build();
  }

  /** A connection as the gateway's login role: a member of the writer role, and nothing more. */
  private Connection asWriter() throws SQLException {
    return as(DatabaseRoles.GATEWAY);
  }

  private Connection as(String role) throws SQLException {
    return DriverManager.getConnection(url, role, PostgresResource.database().password(role));
  }

  private void append(AuditRecord... records) throws SQLException {
    try (Connection writer = asWriter()) {
      AuditTable.append(writer, List.of(records));
    }
  }

  @Test
  void auditorSeesOwnTenantsRecordsNewestFirst() throws SQLException {
    String tenant = tenant();
    AuditRecord first = record(tenant, "model.predict", Instant.now().minusSeconds(5));
    AuditRecord second = record(tenant, "audit.read", Instant.now());
    append(first, second);

    given()
        .auth()
        .oauth2(InternalTokens.forTenant(tenant, "auditor.x", "auditor"))
        .get("/internal/audit-events")
        .then()
        .statusCode(200)
        .body("total", equalTo(2))
        .body("items.requestId", contains(second.requestId(), first.requestId()))
        .body("items.tenant", everyItem(equalTo(tenant)))
        .body("items.kind", everyItem(equalTo("access")))
        .body("items[1].inputDigest", equalTo(DIGEST))
        .body("items[1].subject", equalTo("sub-1"))
        .body("items[1].username", equalTo("dr.test"))
        .body("items[1].clientId", equalTo("ehr-client"))
        .body("items[1].tokenId", equalTo("jti-1"))
        .body("items[1].clientAddress", equalTo("127.0.0.1"));
  }

  @Test
  void recordsAreFilteredAndPagedByACursorThatHoldsWhileRecordsArrive() throws SQLException {
    String tenant = tenant();
    Instant now = Instant.now();
    List<AuditRecord> records = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(record(tenant, "model.predict", now.minusSeconds(10 - i)));
    }
    AuditRecord refused =
        AuditRecord.access(UUID.randomUUID().toString(), "model.list")
            .at(now.minusSeconds(1))
            .tenant(tenant)
            .who("sub-2", "dr.other", "lab-key-0001", "lab-key-0001")
            .outcome(403, "forbidden")
            .build();
    records.add(refused);
    append(records.toArray(AuditRecord[]::new));
    String auditor = InternalTokens.forTenant(tenant, "auditor.x", "auditor");
    given()
        .auth()
        .oauth2(auditor)
        .get("/internal/audit-events?outcome=4xx")
        .then()
        .statusCode(200)
        .body("items.requestId", contains(refused.requestId()));
    given()
        .auth()
        .oauth2(auditor)
        .get("/internal/audit-events?client=lab-key-0001&action=model.list&subject=sub-2")
        .then()
        .body("items.requestId", contains(refused.requestId()));
    given()
        .auth()
        .oauth2(auditor)
        .get(
            "/internal/audit-events?model=breast-cancer-diagnosis&outcome=200&from="
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1))
        .then()
        .body("total", equalTo(5));
    given()
        .auth()
        .oauth2(auditor)
        .get("/internal/audit-events?to=2001-01-01")
        .then()
        .body("total", equalTo(0));
    // by cursor: two at a time, newest first, every record once, while another arrives
    List<String> seen = new java.util.ArrayList<>();
    String cursor = null;
    do {
      var page =
          given()
              .auth()
              .oauth2(auditor)
              .get(
                  "/internal/audit-events?size=2&outcome=200"
                      + (cursor == null ? "&cursor=" + firstCursor() : "&cursor=" + cursor))
              .then()
              .statusCode(200)
              .body("total", org.hamcrest.Matchers.nullValue())
              .extract()
              .jsonPath();
      seen.addAll(page.getList("items.requestId"));
      cursor = page.getString("next");
      append(record(tenant, "model.predict", Instant.now())); // newer: never in later pages
    } while (cursor != null);
    List<String> expected =
        new java.util.ArrayList<>(
            records.subList(0, 5).stream().map(AuditRecord::requestId).toList());
    java.util.Collections.reverse(expected);
    assertEquals(expected, seen, "newest first, each once");
    // bad shapes are 400 naming the parameter, never echoing the value
    for (String bad :
        List.of(
            "outcome=9xx", "from=yesterday", "cursor=%21%21", "action=DROP", "model=Bad_Name")) {
      given()
          .auth()
          .oauth2(auditor)
          .get("/internal/audit-events?" + bad)
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
  }

  @Test
  void recordsOfOneInstantArePagedOnceEachByTheirIds() throws SQLException {
    String tenant = tenant();
    Instant same = Instant.parse("2026-11-30T12:00:00.123456Z");
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      AuditRecord r = record(tenant, "model.predict", same);
      ids.add(r.requestId());
      append(r);
    }
    String auditor = InternalTokens.forTenant(tenant, "auditor.x", "auditor");
    List<String> seen = new java.util.ArrayList<>();
    String cursor = firstCursor();
    while (cursor != null) {
      var page =
          given()
              .auth()
              .oauth2(auditor)
              .get("/internal/audit-events?size=2&cursor=" + cursor)
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      seen.addAll(page.getList("items.requestId"));
      cursor = page.getString("next");
    }
    java.util.Collections.reverse(ids); // same instant: the later id first
    assertEquals(ids, seen);
  }

  /** A cursor placed after every record (a start from the newest). */
  private static String firstCursor() {
    long micros = (Instant.now().getEpochSecond() + 3600) * 1_000_000;
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((micros + "." + Long.MAX_VALUE).getBytes());
  }

  @Test
  void aSearchExportsAsCsvNewestFirstWithNoFormulaAndNoOtherTenant() throws SQLException {
    String tenant = tenant();
    Instant now = Instant.now();
    AuditRecord older = record(tenant, "model.predict", now.minusSeconds(5));
    AuditRecord hostile =
        AuditRecord.access(UUID.randomUUID().toString(), "model.list")
            .at(now)
            .tenant(tenant)
            .who("=HYPERLINK(\"http://x\",\"y\")", "Dr. A, B", "ehr", "jti-9")
            .outcome(200, null)
            .build();
    append(older, hostile);
    String csv =
        given()
            .auth()
            .oauth2(InternalTokens.forTenant(tenant, "auditor.x", "auditor"))
            .get("/internal/audit-events/csv")
            .then()
            .statusCode(200)
            .contentType(org.hamcrest.Matchers.startsWith("text/csv"))
            .extract()
            .asString();
    String[] lines = csv.split("\r\n");
    assertEquals(3, lines.length, csv);
    assertTrue(lines[0].startsWith("id,kind,occurredAt,requestId,tenant,subject"));
    assertTrue(lines[1].contains(hostile.requestId()), "newest first");
    assertTrue(lines[2].contains(older.requestId()));
    assertTrue(
        lines[1].contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"Dr. A, B\","),
        "a formula is quoted and defused: " + lines[1]);
    given()
        .auth()
        .oauth2(InternalTokens.forTenant(tenant, "auditor.x", "auditor"))
        .get("/internal/audit-events/csv?action=model.predict")
        .then()
        .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(hostile.requestId())));
    given()
        .auth()
        .oauth2(InternalTokens.forTenant(tenant(), "auditor.y", "auditor"))
        .get("/internal/audit-events/csv?tenant=" + tenant)
        .then()
        .statusCode(404);
  }

  @Test
  void thePlatformChoosesATenantAndAHospitalCannot() throws SQLException {
    String aurora = tenant();
    AuditRecord record = record(aurora, "model.predict", null);
    append(record);
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("platform", "ops", "platform-admin"))
        .get("/internal/audit-events?tenant=" + aurora)
        .then()
        .statusCode(200)
        .body("items.requestId", contains(record.requestId()));
    given()
        .auth()
        .oauth2(InternalTokens.forTenant(tenant(), "auditor.y", "auditor"))
        .get("/internal/audit-events?tenant=" + aurora)
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(InternalTokens.forTenant(aurora, "auditor.x", "auditor"))
        .get("/internal/audit-events?tenantless=true")
        .then()
        .statusCode(404);
  }

  @Test
  void anotherTenantSeesNoneOfTheRecords() throws SQLException {
    String aurora = tenant();
    AuditRecord record = record(aurora, "model.predict", null);
    append(record);

    given()
        .auth()
        .oauth2(InternalTokens.forTenant(tenant(), "admin.cedar", "hospital-admin"))
        .get("/internal/audit-events")
        .then()
        .statusCode(200)
        .body("total", equalTo(0))
        .body("items.requestId", not(hasItem(record.requestId())));
  }

  @Test
  void platformAuditorsReadTheTenantlessRecordsAndHospitalsDoNot() throws SQLException {
    AuditRecord anonymous =
        AuditRecord.access(UUID.randomUUID().toString(), "model.predict")
            .clientAddress("127.0.0.1")
            .outcome(401, "unauthenticated")
            .build();
    append(anonymous);
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("platform", "platform.auditor", "auditor"))
        .get("/internal/audit-events?size=200")
        .then()
        .statusCode(200)
        .body("items.requestId", hasItem(anonymous.requestId()));
    given()
        .auth()
        .oauth2(InternalTokens.forTenant(tenant(), "auditor.x", "auditor"))
        .get("/internal/audit-events?size=200")
        .then()
        .statusCode(200)
        .body("items.requestId", not(hasItem(anonymous.requestId())));
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
  void nothingIsAppendedOverHttp() {
    given()
        .auth()
        .oauth2(InternalTokens.gateway())
        .contentType("application/json")
        .body("{}")
        .post("/internal/audit-events")
        .then()
        .statusCode(405);
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
        List.of(
            InternalTokens.withIssuerAndAudience("someone-else", "medmaas-registry"),
            InternalTokens.withIssuerAndAudience("medmaas-gateway", "another-audience"),
            InternalTokens.expired(tenant()))) {
      given().auth().oauth2(token).get("/internal/audit-events").then().statusCode(401);
    }
  }

  @Test
  void afterARotationTokensOfThePreviousKeyStillVerifyButNotUnderAnotherKeysId() {
    given()
        .auth()
        .oauth2(InternalTokens.signedWithPreviousKey(tenant(), "auditor"))
        .get("/internal/audit-events")
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(InternalTokens.signedWithPreviousKeyUnderCurrentKid(tenant(), "auditor"))
        .get("/internal/audit-events")
        .then()
        .statusCode(401);
  }

  @Test
  void aTokenForAnotherServiceOrOfAnotherTypeOrExpiredPastTheSkewIsRefused() {
    for (String token :
        List.of(
            InternalTokens.forAudience("medmaas-tenant-admin", tenant(), "auditor"),
            InternalTokens.untyped(tenant(), "auditor"),
            InternalTokens.expiredSecondsAgo(10, tenant(), "auditor"))) {
      given().auth().oauth2(token).get("/internal/audit-events").then().statusCode(401);
    }
    // the checks themselves: the same caller with a good token is answered
    given()
        .auth()
        .oauth2(InternalTokens.forAudience("medmaas-registry", tenant(), "auditor"))
        .get("/internal/audit-events")
        .then()
        .statusCode(200);
  }

  @Test
  void oneAccessRecordPerRequestId() throws SQLException {
    String tenant = tenant();
    AuditRecord record = record(tenant, "model.predict", null);
    append(record);
    assertThrows(SQLException.class, () -> append(record));
    try (Connection connection = PostgresResource.superuser();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM registry.audit_event WHERE request_id = '"
                    + record.requestId()
                    + "'")) {
      rows.next();
      assertEquals(1, rows.getInt(1));
    }
  }

  @Test
  void theWriterRoleMayOnlyAppendAccessRecords() throws SQLException {
    append(record(tenant(), "model.predict", null));
    try (Connection writer = asWriter();
        Statement statement = writer.createStatement()) {
      assertThrows(
          SQLException.class, () -> statement.executeQuery("SELECT * FROM registry.audit_event"));
      assertThrows(
          SQLException.class,
          () -> statement.executeUpdate("UPDATE registry.audit_event SET outcome = 500"));
      assertThrows(
          SQLException.class, () -> statement.executeUpdate("DELETE FROM registry.audit_event"));
      assertThrows(
          SQLException.class, () -> statement.executeUpdate("TRUNCATE registry.audit_event"));
      assertThrows(
          SQLException.class,
          () ->
              AuditTable.append(
                  writer,
                  List.of(AuditRecord.change(UUID.randomUUID().toString(), "x.forged").build())));
      assertThrows(
          SQLException.class, () -> statement.executeQuery("SELECT * FROM registry.model"));
    }
  }

  @Test
  void recordsCannotBeChangedOrRemovedEvenByTheOwner() throws SQLException {
    AuditRecord record = record(tenant(), "model.predict", null);
    append(record);
    // the schema's owner (whose linker sets a record's missing link, ADR 0014) may change nothing
    // else: its update is refused by the table's trigger, or finds no unlinked row to touch, and
    // row security gives it no row to delete
    try (Connection connection = as(DatabaseRoles.REGISTRY_OWNER);
        Statement statement = connection.createStatement()) {
      int changed;
      try {
        changed = statement.executeUpdate("UPDATE registry.audit_event SET outcome = 500");
      } catch (SQLException refused) {
        assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        changed = 0;
      }
      assertEquals(0, changed);
      assertEquals(0, statement.executeUpdate("DELETE FROM registry.audit_event"));
      // TRUNCATE skips row security and row triggers: a statement trigger refuses it
      assertThrows(SQLException.class, () -> statement.execute("TRUNCATE registry.audit_event"));
    }
    // and the superuser, who bypasses row security, meets the table's trigger
    try (Connection connection = PostgresResource.superuser();
        Statement statement = connection.createStatement()) {
      assertThrows(
          SQLException.class,
          () -> statement.executeUpdate("UPDATE registry.audit_event SET outcome = 500"));
      assertThrows(
          SQLException.class, () -> statement.executeUpdate("DELETE FROM registry.audit_event"));
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT outcome FROM registry.audit_event WHERE request_id = '"
                  + record.requestId()
                  + "'")) {
        assertTrue(rows.next());
        assertEquals(200, rows.getInt(1), "the record is as it was written");
      }
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
}
