package io.medmaas.registry.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.auditproof.OfflineVerifier;
import io.medmaas.auditproof.SignedHead;
import io.medmaas.common.audit.AuditRecord;
import io.medmaas.common.audit.AuditTable;
import io.medmaas.launcher.DatabaseRoles;
import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.medmaas.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.StringReader;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The audit log's hash chains (ADR 0014) against a real PostgreSQL: every writer's records are
 * linked by the database, one chain per tenant, never forked by concurrent writers; a record edited
 * or deleted behind the application's back (as the database's superuser) is found at exactly its
 * place; the Java form of a record is the database's byte for byte; verification is per tenant.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(InternalTrustResource.class)
class AuditChainTest {

  private static String tenant() {
    return "chain-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static AuditRecord record(String tenant, int outcome) {
    return AuditRecord.access(UUID.randomUUID().toString(), "model.predict")
        .at(Instant.now())
        .tenant(tenant)
        .who("sub-1", "dr.test", "ehr-client", "jti-1")
        .clientAddress("127.0.0.1")
        .model("breast-cancer-diagnosis", "1")
        .outcome(outcome, outcome == 200 ? null : "unprocessable")
        .latencyMs(12)
        .instances(1)
        .build();
  }

  @Test
  void aServiceRoleMayNameOnlyItselfAsARecordsSource() throws SQLException {
    String tenant = tenant();
    java.util.function.Function<String, List<AuditRecord>> from =
        source ->
            List.of(
                AuditRecord.access(UUID.randomUUID().toString(), "model.predict")
                    .at(Instant.now())
                    .tenant(tenant)
                    .outcome(200, null)
                    .latencyMs(1)
                    .source(source)
                    .build());
    try (Connection gateway = PostgresResource.database().connectAs(DatabaseRoles.GATEWAY);
        Connection registry = PostgresResource.database().connectAs(DatabaseRoles.REGISTRY_APP)) {
      AuditTable.append(gateway, from.apply("gateway@node-a")); // its own name: taken
      for (var forged :
          List.of(
              java.util.Map.entry(gateway, "registry@node-a"),
              java.util.Map.entry(gateway, "tenant-admin@node-a"),
              java.util.Map.entry(registry, "gateway@node-a"))) {
        SQLException refused =
            assertThrows(
                SQLException.class,
                () -> AuditTable.append(forged.getKey(), from.apply(forged.getValue())),
                forged.getValue());
        assertEquals("23514", refused.getSQLState(), "a check violation: that record alone fails");
      }
    }
    assertTrue(verify(tenant).getBoolean("intact"), "what was taken verifies");
  }

  private static void append(List<AuditRecord> records) throws SQLException {
    try (Connection writer = PostgresResource.database().connectAs(DatabaseRoles.GATEWAY)) {
      AuditTable.append(writer, records);
    }
  }

  private static List<AuditRecord> records(String tenant, int count) {
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(record(tenant, 200));
    }
    return records;
  }

  private static JsonPath verify(String tenant) {
    return given()
        .auth()
        .oauth2(InternalTokens.forTenant(tenant, "auditor.x", "auditor"))
        .get("/internal/audit-events/verify")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** Runs SQL as the database's superuser with triggers off: what no application role can do. */
  private static void behindTheBack(String sql, Object... parameters) throws SQLException {
    try (Connection c = PostgresResource.superuser()) {
      try (Statement st = c.createStatement()) {
        st.execute("SET session_replication_role = replica");
      }
      try (PreparedStatement st = c.prepareStatement(sql)) {
        for (int i = 0; i < parameters.length; i++) {
          st.setObject(i + 1, parameters[i]);
        }
        st.executeUpdate();
      }
    }
  }

  private static long idAt(String tenant, long seq) throws SQLException {
    verify(tenant); // linked first
    try (Connection c = PostgresResource.superuser();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT id FROM registry.audit_event WHERE chain = ? AND chain_seq = ?")) {
      st.setString(1, tenant);
      st.setLong(2, seq);
      try (ResultSet rs = st.executeQuery()) {
        assertTrue(rs.next());
        return rs.getLong(1);
      }
    }
  }

  @Test
  void aTenantsRecordsFormOneChainThatVerifies() throws SQLException {
    String tenant = tenant();
    append(records(tenant, 5));
    append(records(tenant(), 3)); // another tenant's chain is its own
    append(records(tenant, 2));
    JsonPath report = verify(tenant);
    assertTrue(report.getBoolean("intact"));
    assertEquals(7, report.getInt("checked"));
    assertEquals(7, report.getInt("head.seq"));
    assertNull(report.get("firstBroken"));
  }

  @Test
  void concurrentWritersNeverForkAChain() throws Exception {
    String tenant = tenant();
    ExecutorService writers = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        all.add(
            CompletableFuture.runAsync(
                () -> {
                  try {
                    for (int i = 0; i < 10; i++) {
                      // each batch spans two chains, as a gateway's batch does
                      List<AuditRecord> batch = new ArrayList<>(records(tenant, 3));
                      batch.add(record(null, 401));
                      append(batch);
                    }
                  } catch (SQLException e) {
                    throw new IllegalStateException(e);
                  }
                },
                writers));
      }
      all.forEach(CompletableFuture::join);
    } finally {
      writers.shutdown();
    }
    JsonPath report = verify(tenant);
    assertTrue(report.getBoolean("intact"), report.prettify());
    assertEquals(120, report.getInt("checked"));
    Set<Long> seqs = new HashSet<>();
    try (Connection c = PostgresResource.superuser();
        PreparedStatement st =
            c.prepareStatement("SELECT chain_seq FROM registry.audit_event WHERE chain = ?")) {
      st.setString(1, tenant);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          seqs.add(rs.getLong(1));
        }
      }
    }
    assertEquals(120, seqs.size());
    assertTrue(seqs.stream().allMatch(s -> s >= 1 && s <= 120), "1 to 120, no fork, no gap");
  }

  @Test
  void aRecordEditedBehindTheApplicationsBackIsFoundAtExactlyItsPlace() throws SQLException {
    String tenant = tenant();
    append(records(tenant, 6));
    long fourth = idAt(tenant, 4);
    behindTheBack("UPDATE registry.audit_event SET outcome = 500 WHERE id = ?", fourth);
    JsonPath report = verify(tenant);
    assertFalse(report.getBoolean("intact"));
    assertEquals(3, report.getInt("checked"), "the three before it hold");
    assertEquals(4, report.getInt("firstBroken.seq"));
    assertEquals(fourth, report.getLong("firstBroken.id"));
    assertTrue(report.getString("firstBroken.reason").contains("does not match its hash"));
    // rewriting its hash as well moves the break to the next record, whose link no longer fits
    behindTheBack(
        "UPDATE registry.audit_event e SET hash = registry.audit_hash(e) WHERE id = ?", fourth);
    report = verify(tenant);
    assertEquals(5, report.getInt("firstBroken.seq"));
    assertTrue(report.getString("firstBroken.reason").contains("previous hash"));
  }

  @Test
  void aDeletedRecordIsAGapAndACutOffEndDoesNotMatchTheHead() throws SQLException {
    String tenant = tenant();
    append(records(tenant, 5));
    behindTheBack("DELETE FROM registry.audit_event WHERE id = ?", idAt(tenant, 2));
    JsonPath report = verify(tenant);
    assertFalse(report.getBoolean("intact"));
    assertEquals(2, report.getInt("firstBroken.seq"));
    assertTrue(
        report.getString("firstBroken.reason").contains("records 2 to 2 are missing"),
        report.prettify());
    String cut = tenant();
    append(records(cut, 4));
    behindTheBack("DELETE FROM registry.audit_event WHERE id = ?", idAt(cut, 4));
    report = verify(cut);
    assertFalse(report.getBoolean("intact"));
    assertEquals(3, report.getInt("checked"));
    assertTrue(report.getString("firstBroken.reason").contains("records 4 to 4 are missing"));
  }

  @Test
  void aWriterNamesARecordsContentOnlyNeverItsIdTimeOrLink() throws SQLException {
    String tenant = tenant();
    append(records(tenant, 1));
    for (String column : List.of("id", "recorded_at", "chain", "chain_seq", "prev_hash", "hash")) {
      String value =
          column.equals("recorded_at")
              ? "now()"
              : column.endsWith("seq") || column.equals("id") ? "99" : "'x'";
      try (Connection writer = PostgresResource.database().connectAs(DatabaseRoles.GATEWAY);
          Statement st = writer.createStatement()) {
        SQLException refused =
            assertThrows(
                SQLException.class,
                () ->
                    st.executeUpdate(
                        "INSERT INTO registry.audit_event (kind, occurred_at, request_id,"
                            + " tenant_id, action, outcome, latency_ms, "
                            + column
                            + ") VALUES ('access', now(), '"
                            + UUID.randomUUID()
                            + "', '"
                            + tenant
                            + "', 'model.predict', 200, 1, "
                            + value
                            + ")"),
                column);
        assertTrue(refused.getMessage().contains("permission denied"), refused.getMessage());
      }
    }
    // nor a tenant of '' (the chain of no tenant), nor an instant the form cannot write
    for (String bad : List.of("''", "NULL")) {
      try (Connection writer = PostgresResource.database().connectAs(DatabaseRoles.GATEWAY);
          Statement st = writer.createStatement()) {
        assertThrows(
            SQLException.class,
            () ->
                st.executeUpdate(
                    "INSERT INTO registry.audit_event (kind, occurred_at, request_id, tenant_id,"
                        + " action, outcome, latency_ms) VALUES ('access', "
                        + (bad.equals("NULL") ? "'infinity'" : "now()")
                        + ", '"
                        + UUID.randomUUID()
                        + "', "
                        + bad
                        + ", 'model.predict', 200, 1)"));
      }
    }
    JsonPath report = verify(tenant);
    assertTrue(report.getBoolean("intact"), report.prettify());
    assertEquals(1, report.getInt("head.seq"));
  }

  @Test
  void aRecordIsLinkedWithinMomentsOfItsCommitWithNobodyAsking() throws Exception {
    String tenant = tenant();
    AuditRecord record = record(tenant, 200);
    append(List.of(record));
    long deadline = System.nanoTime() + 3_000_000_000L;
    Long seq = null;
    while (seq == null && System.nanoTime() < deadline) {
      try (Connection c = PostgresResource.superuser();
          PreparedStatement st =
              c.prepareStatement(
                  "SELECT chain_seq FROM registry.audit_event WHERE request_id = ?")) {
        st.setString(1, record.requestId());
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          seq = (Long) rs.getObject(1);
        }
      }
      Thread.sleep(50);
    }
    assertEquals(1L, seq, "linked by the registry's linker within 3 s");
  }

  @Test
  void theNewTablesAreHeldToTheCallersScopeAndSignedHeadsToRealPlaces() throws SQLException {
    String aurora = tenant();
    String cedar = tenant();
    append(records(aurora, 2));
    append(records(cedar, 1));
    append(List.of(record(null, 401)));
    verify(aurora); // links everything committed
    try (Connection app = PostgresResource.database().connectAs(DatabaseRoles.REGISTRY_APP)) {
      app.setAutoCommit(false);
      try (Statement st = app.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM registry.audit_chain_head")) {
          rs.next();
          assertEquals(0, rs.getInt(1), "no scope: no head, not even the chain of no tenant's");
        }
        st.execute("SELECT set_config('medmaas.tenant', '" + aurora + "', true)");
        try (ResultSet rs = st.executeQuery("SELECT chain FROM registry.audit_chain_head")) {
          assertTrue(rs.next());
          assertEquals(aurora, rs.getString(1));
          assertFalse(rs.next(), "tenant A: only A's head");
        }
        assertThrows(
            SQLException.class,
            () ->
                st.execute(
                    "INSERT INTO registry.audit_signed_head (chain, seq, hash, signed_at, key_id,"
                        + " jws) VALUES ('"
                        + aurora
                        + "', 999999, 'x', now(), 'k', 'a.b.c')"));
      }
      app.rollback();
      for (String call :
          List.of(
              "SELECT registry.keep_signed_head('"
                  + aurora
                  + "', 999999, 'x', now(), 'k', 'a.b.c')",
              "SELECT registry.keep_signed_head('" + cedar + "', 1, 'x', now(), 'k', 'a.b.c')")) {
        try (Statement st = app.createStatement()) {
          st.execute("SELECT set_config('medmaas.tenant', '" + aurora + "', true)");
          SQLException refused = assertThrows(SQLException.class, () -> st.execute(call), call);
          assertTrue(
              refused.getMessage().contains("not a place and hash of the chain")
                  || refused.getMessage().contains("not a chain of this scope"),
              refused.getMessage());
        }
        app.rollback();
      }
    }
  }

  @Test
  void nobodyButTheOwnerMayChangeOrEmptyTheLogAndNotEvenTheOwnerWithItsTriggers()
      throws SQLException {
    String tenant = tenant();
    append(records(tenant, 1));
    for (String role :
        List.of(DatabaseRoles.GATEWAY, DatabaseRoles.REGISTRY_APP, DatabaseRoles.TENANCY_APP)) {
      try (Connection c = PostgresResource.database().connectAs(role);
          Statement st = c.createStatement()) {
        assertThrows(
            SQLException.class,
            () -> st.executeUpdate("UPDATE registry.audit_event SET outcome = 500"),
            role);
        assertThrows(
            SQLException.class, () -> st.executeUpdate("DELETE FROM registry.audit_event"), role);
        assertThrows(
            SQLException.class, () -> st.executeUpdate("TRUNCATE registry.audit_event"), role);
      }
    }
    try (Connection owner = PostgresResource.database().connectAs(DatabaseRoles.REGISTRY_OWNER);
        Statement st = owner.createStatement()) {
      SQLException truncate =
          assertThrows(SQLException.class, () -> st.executeUpdate("TRUNCATE registry.audit_event"));
      assertTrue(truncate.getMessage().contains("never removed"), truncate.getMessage());
    }
    assertTrue(verify(tenant).getBoolean("intact"));
  }

  @Test
  void theJavaFormOfARecordIsTheDatabasesByteForByte() throws SQLException {
    String tenant = tenant();
    // values no record builder would let through, written straight into the table (the trigger
    // still links them): the two forms must agree on every byte of them
    String subject = "sub=~:\nwith newline";
    try (Connection c = PostgresResource.superuser();
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO registry.audit_event (kind, occurred_at, request_id, tenant_id,"
                    + " subject, username, action, outcome, latency_ms, before_state, after_state,"
                    + " instances) VALUES ('change', now(), ?, ?, ?, ?, 'tenant.update', 200, 0,"
                    + " ?, NULL, 7)")) {
      st.setString(1, UUID.randomUUID().toString());
      st.setString(2, tenant);
      st.setString(3, subject);
      st.setString(4, "Dr. Ünïcødé 医生 \uD83E\uDE7A");
      st.setString(5, "{\"a\":\"x\\ny\",\"b\":\"tab\t=1:2\"}");
      st.executeUpdate();
    }
    verify(tenant); // linked first
    try (Connection c = PostgresResource.superuser();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT registry.audit_canonical(e), e.hash FROM registry.audit_event e"
                    + " WHERE chain = ?")) {
      st.setString(1, tenant);
      try (ResultSet rs = st.executeQuery()) {
        assertTrue(rs.next());
        String database = rs.getString(1);
        assertTrue(database.startsWith("medmaas-audit-v1\nchain="), database);
        assertTrue(database.contains("\nsubject=19:" + subject + "\n"), database);
        assertTrue(database.contains("\nusername=27:Dr. Ünïcødé"), "UTF-8 bytes: " + database);
        assertTrue(database.contains("\nafter_state=~\n"), database);
        JsonPath report = verify(tenant);
        assertTrue(report.getBoolean("intact"), "Java recomputed the database's hash");
        assertEquals(rs.getString(2), report.getString("head.hash"));
      }
    }
  }

  @Test
  void aRecordNamingItsSourceIsInFormTwoWhichCoversTheSourceBesideRecordsInFormOne()
      throws SQLException {
    String tenant = tenant();
    List<AuditRecord> mixed = new ArrayList<>(records(tenant, 2)); // written before sources: v1
    for (int i = 0; i < 3; i++) {
      AuditRecord r = record(tenant, 200);
      mixed.add(
          AuditRecord.access(r.requestId(), r.action())
              .tenant(tenant)
              .who("sub-1", "dr.test", "ehr-client", "jti-1")
              .outcome(200, null)
              .source("gateway@node-" + i)
              .build());
    }
    append(mixed);
    assertTrue(verify(tenant).getBoolean("intact"), "a chain of both forms verifies");
    long fourth = idAt(tenant, 4);
    try (Connection c = PostgresResource.superuser();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT registry.audit_canonical(e) FROM registry.audit_event e WHERE id = ?")) {
      st.setLong(1, fourth);
      try (ResultSet rs = st.executeQuery()) {
        assertTrue(rs.next());
        String form = rs.getString(1);
        assertTrue(form.startsWith("medmaas-audit-v2\nchain="), form);
        assertTrue(form.endsWith("\nafter_state=~\nsource=14:gateway@node-1\n"), form);
      }
    }
    assertThrows(
        SQLException.class,
        () -> {
          try (Connection writer = PostgresResource.database().connectAs(DatabaseRoles.GATEWAY);
              Statement st = writer.createStatement()) {
            st.executeUpdate(
                "INSERT INTO registry.audit_event (kind, occurred_at, request_id, tenant_id,"
                    + " action, outcome, latency_ms, source) VALUES ('access', now(), 'r-"
                    + UUID.randomUUID()
                    + "', '"
                    + tenant
                    + "', 'model.predict', 200, 0, 'not a source')");
          }
        },
        "the database refuses a source not of the form service@node");
    behindTheBack(
        "UPDATE registry.audit_event SET source = 'gateway@elsewhere' WHERE id = ?", fourth);
    JsonPath report = verify(tenant);
    assertFalse(report.getBoolean("intact"));
    assertEquals(4, report.getInt("firstBroken.seq"), "the source is covered by the hash");
  }

  private static String auditor(String tenant) {
    return InternalTokens.forTenant(tenant, "auditor.x", "auditor");
  }

  private static String exported(String tenant) {
    return given()
        .auth()
        .oauth2(auditor(tenant))
        .get("/internal/audit-events/export")
        .then()
        .statusCode(200)
        .contentType("application/x-ndjson")
        .extract()
        .asString();
  }

  private static OfflineVerifier.Result offline(
      String export, Map<String, PublicKey> keys, SignedHead earlier) throws Exception {
    return OfflineVerifier.verify(new BufferedReader(new StringReader(export)), keys, earlier);
  }

  @Test
  void anExportVerifiesOfflineAndAHeadKeptFromBeforeCatchesAConsistentRewrite() throws Exception {
    String tenant = tenant();
    append(records(tenant, 6));
    // the public key, for anyone
    String pem =
        given()
            .get("/internal/audit-events/signing-keys")
            .then()
            .statusCode(200)
            .extract()
            .path("keys[0].pem");
    PublicKey key = SignedHead.publicKey(pem);
    Map<String, PublicKey> keys = Map.of(SignedHead.keyId(key), key);
    // an auditor keeps the head as it is now
    String kept =
        given()
            .auth()
            .oauth2(auditor(tenant))
            .get("/internal/audit-events/head")
            .then()
            .statusCode(200)
            .body("chain", equalTo(tenant))
            .body("seq", equalTo(6))
            .extract()
            .path("jws");
    SignedHead earlier = SignedHead.verify(kept, keys);
    append(records(tenant, 2));
    OfflineVerifier.Result honest = offline(exported(tenant), keys, earlier);
    assertTrue(honest.intact(), honest.describe());
    assertEquals(8, honest.checked());
    assertEquals(Boolean.TRUE, honest.earlierHeadHeld());
    // the database's superuser rewrites record 3 and every link after it, and the head
    try (Connection c = PostgresResource.superuser();
        Statement st = c.createStatement()) {
      st.execute("SET session_replication_role = replica");
      st.execute(
          "DO $$ DECLARE r registry.audit_event; prev text; BEGIN"
              + " SELECT hash INTO prev FROM registry.audit_event WHERE chain = '"
              + tenant
              + "' AND chain_seq = 2;"
              + " FOR r IN SELECT * FROM registry.audit_event WHERE chain = '"
              + tenant
              + "' AND chain_seq >= 3 ORDER BY chain_seq LOOP"
              + " IF r.chain_seq = 3 THEN r.outcome := 500; END IF;"
              + " r.prev_hash := prev; prev := registry.audit_hash(r);"
              + " UPDATE registry.audit_event SET outcome = r.outcome, prev_hash = r.prev_hash,"
              + " hash = prev WHERE id = r.id; END LOOP;"
              + " UPDATE registry.audit_chain_head SET last_hash = prev WHERE chain = '"
              + tenant
              + "'; END $$");
    }
    // the last head the platform signed and kept (the export's, at record 8) shows it
    JsonPath online = verify(tenant);
    assertFalse(online.getBoolean("intact"), online.prettify());
    assertEquals(8, online.getInt("firstBroken.seq"));
    assertTrue(online.getString("firstBroken.reason").contains("the head signed"));
    String rewritten = exported(tenant);
    assertTrue(offline(rewritten, keys, null).intact(), "nor can its export on its own");
    OfflineVerifier.Result caught = offline(rewritten, keys, earlier);
    assertFalse(caught.intact(), caught.describe());
    assertEquals(6, caught.broken().seq());
    // every head signed is kept, append-only
    try (Connection c = PostgresResource.superuser();
        PreparedStatement st =
            c.prepareStatement("SELECT count(*) FROM registry.audit_signed_head WHERE chain = ?")) {
      st.setString(1, tenant);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        assertEquals(3, rs.getInt(1), "the kept head and the two exports'");
      }
    }
    try (Connection app = PostgresResource.database().connectAs(DatabaseRoles.REGISTRY_APP);
        Statement st = app.createStatement()) {
      assertThrows(
          SQLException.class, () -> st.executeUpdate("DELETE FROM registry.audit_signed_head"));
    }
  }

  private static String platformAdmin() {
    return InternalTokens.forTenant("platform", "ops", "platform-admin");
  }

  @Test
  void aPurgeRemovesTheOldestRecordsAndTheChainVerifiesFromItsSignedAnchor() throws Exception {
    String tenant = tenant();
    // records the database received in 2015 (its own clock, recorded_at, is what ages a record)
    for (int day = 1; day <= 4; day++) {
      behindTheBack(
          "INSERT INTO registry.audit_event (kind, occurred_at, recorded_at, request_id,"
              + " tenant_id, action, outcome, latency_ms) VALUES ('access', ?::timestamptz,"
              + " ?::timestamptz, ?, ?, 'model.predict', 200, 1)",
          "2015-03-0" + day + "T10:00:00Z",
          "2015-03-0" + day + "T10:00:00Z",
          UUID.randomUUID().toString(),
          tenant);
    }
    append(records(tenant, 3));
    // only the platform's admins purge, and never records younger than the retention period
    given()
        .auth()
        .oauth2(auditor(tenant))
        .post("/internal/audit-events/purge")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(platformAdmin())
        .post(
            "/internal/audit-events/purge?tenant="
                + tenant
                + "&before="
                + java.time.LocalDate.now())
        .then()
        .statusCode(422)
        .body("detail", org.hamcrest.Matchers.containsString("retention period"));
    JsonPath purged =
        given()
            .auth()
            .oauth2(platformAdmin())
            .post("/internal/audit-events/purge?tenant=" + tenant)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(4, purged.getInt("purged"));
    assertEquals(5, purged.getInt("firstKept"));
    // the chain verifies from its anchor: the 3 kept and the purge's own change record
    JsonPath report = verify(tenant);
    assertTrue(report.getBoolean("intact"), report.prettify());
    assertEquals(4, report.getInt("checked"));
    assertEquals(8, report.getInt("head.seq"));
    JsonPath purge =
        given()
            .auth()
            .oauth2(auditor(tenant))
            .get("/internal/audit-events?action=audit.purge")
            .then()
            .extract()
            .jsonPath();
    assertTrue(purge.getString("items[0].after").contains("\"purged\":4"), purge.prettify());
    // and offline, from the export's signed anchor
    String pem =
        given().get("/internal/audit-events/signing-keys").then().extract().path("keys[0].pem");
    PublicKey key = SignedHead.publicKey(pem);
    OfflineVerifier.Result offline =
        offline(exported(tenant), Map.of(SignedHead.keyId(key), key), null);
    assertTrue(offline.intact(), offline.describe());
    assertEquals(4, offline.checked());
    // nothing older is left: a second purge removes nothing; the records are still append-only
    given()
        .auth()
        .oauth2(platformAdmin())
        .post("/internal/audit-events/purge?tenant=" + tenant)
        .then()
        .statusCode(200)
        .body("purged", equalTo(0));
    try (Connection owner = PostgresResource.database().connectAs(DatabaseRoles.REGISTRY_OWNER);
        Statement st = owner.createStatement()) {
      assertEquals(0, st.executeUpdate("DELETE FROM registry.audit_event"));
    }
    try (Connection app = PostgresResource.database().connectAs(DatabaseRoles.REGISTRY_APP);
        Statement st = app.createStatement()) {
      // the database holds the rule, whatever scope the registry's login states: no purge
      // outside the platform's scope, none of a young record, none of a place not the purge point
      st.execute("SELECT set_config('medmaas.tenant', '" + tenant + "', false)");
      SQLException notPlatform =
          assertThrows(
              SQLException.class,
              () ->
                  st.execute(
                      "SELECT registry.audit_purge('"
                          + tenant
                          + "', now() - interval '7 years', 5, 'x', 'a.b.c')"));
      assertTrue(notPlatform.getMessage().contains("platform"), notPlatform.getMessage());
      st.execute("SELECT set_config('medmaas.tenant', '*', false)");
      SQLException young =
          assertThrows(
              SQLException.class,
              () ->
                  st.execute("SELECT * FROM registry.audit_purge_point('" + tenant + "', now())"));
      assertTrue(young.getMessage().contains("retention period"), young.getMessage());
      SQLException unanchored =
          assertThrows(
              SQLException.class,
              () ->
                  st.execute(
                      "SELECT registry.audit_purge('"
                          + tenant
                          + "', now() - interval '7 years', 8, 'x', 'a.b.c')"));
      assertTrue(unanchored.getMessage().contains("purge point"), unanchored.getMessage());
    }
  }

  @Test
  void anotherTenantsHeadAndExportAreNotFound() {
    String aurora = tenant();
    for (String path : List.of("/head", "/export")) {
      given()
          .auth()
          .oauth2(auditor(tenant()))
          .get("/internal/audit-events" + path + "?tenant=" + aurora)
          .then()
          .statusCode(404);
    }
  }

  @Test
  void aTenantVerifiesItsOwnChainOnlyAndThePlatformAny() throws SQLException {
    String aurora = tenant();
    append(records(aurora, 2));
    given()
        .auth()
        .oauth2(InternalTokens.forTenant(tenant(), "auditor.y", "auditor"))
        .get("/internal/audit-events/verify?tenant=" + aurora)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(InternalTokens.forTenant(aurora, "auditor.x", "auditor"))
        .get("/internal/audit-events/verify?tenantless=true")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(InternalTokens.forTenant(aurora, "dr.x", "clinician"))
        .get("/internal/audit-events/verify")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("platform", "ops", "platform-admin"))
        .get("/internal/audit-events/verify?tenant=" + aurora)
        .then()
        .statusCode(200)
        .body("chain", equalTo(aurora))
        .body("checked", equalTo(2))
        .body("intact", equalTo(true));
    append(List.of(record(null, 401)));
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("platform", "ops", "platform-admin"))
        .get("/internal/audit-events/verify?tenantless=true")
        .then()
        .statusCode(200)
        .body("chain", equalTo(""));
  }
}
