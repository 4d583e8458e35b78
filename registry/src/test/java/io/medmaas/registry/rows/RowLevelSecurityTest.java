package io.medmaas.registry.rows;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agroal.api.AgroalDataSource;
import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.medmaas.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database itself keeps tenants apart, below the service code: these statements run on the
 * registry's own pooled connections, as a service bug would, with only the row scope set.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(InternalTrustResource.class)
class RowLevelSecurityTest {

  private static final String MODELS_NAMED = "SELECT count(*) FROM registry.model WHERE name = ?";
  private static final String AUDIT_OF =
      "SELECT count(*) FROM registry.audit_event WHERE tenant_id = ?";
  private static final String AUDIT_INSERT =
      "INSERT INTO registry.audit_event (kind, occurred_at, request_id, tenant_id, action, outcome,"
          + " latency_ms) VALUES ('change', now(), 'rls-test-request', ?, 'test', 200, 0)";
  private static final String ACCESS_INSERT =
      "INSERT INTO registry.audit_event (kind, occurred_at, request_id, tenant_id, action, outcome,"
          + " latency_ms) VALUES ('access', now(), gen_random_uuid()::text, ?, 'test', 200, 0)";
  private static final String MODEL_INSERT =
      "INSERT INTO registry.model (name, owner) VALUES (?, ?)";

  @Inject AgroalDataSource pool;

  private String owner;
  private String other;
  private String name;

  @BeforeEach
  void aPrivateModelAndAnAuditRecord() throws SQLException {
    owner = "a-" + UUID.randomUUID().toString().substring(0, 8);
    other = "b-" + UUID.randomUUID().toString().substring(0, 8);
    name = "rls-" + UUID.randomUUID().toString().substring(0, 8);
    inScope(
        owner,
        "",
        c -> {
          update(c, MODEL_INSERT, name, owner);
          return update(c, AUDIT_INSERT, owner);
        });
  }

  @Test
  void aResetRoleOnAPooledConnectionChangesNothing() throws SQLException {
    try (Connection c = pool.getConnection();
        java.sql.Statement statement = c.createStatement()) {
      statement.execute("RESET ROLE");
      try (ResultSet r =
          statement.executeQuery(
              "SELECT current_user, (SELECT count(*) FROM registry.audit_event),"
                  + " (SELECT count(*) FROM registry.model)")) {
        r.next();
        assertEquals("medmaas_registry_app", r.getString(1), "the login role is the app role");
        assertEquals(0, r.getLong(2), "no scope: no audit row is visible");
        assertEquals(0, r.getLong(3), "no scope: no model is visible");
      }
    }
  }

  @Test
  void thePlatformScopeSeesPlatformModelsButNeverAHospitalsPrivateOne() throws SQLException {
    assertEquals(1, count(owner, "", MODELS_NAMED, name));
    assertEquals(0, count("platform", "", MODELS_NAMED, name));
    assertEquals(
        0,
        (int)
            inScope(
                "platform",
                "",
                c -> update(c, "UPDATE registry.model SET owner = owner WHERE name = ?", name)),
        "nor changes it");
  }

  @Test
  void rowSecurityIsForcedOnEveryTableItGuards() throws SQLException {
    try (Connection c = pool.getConnection();
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT relname FROM pg_class JOIN pg_namespace n ON n.oid = relnamespace"
                        + " WHERE nspname = 'registry' AND relrowsecurity AND relforcerowsecurity")) {
      Set<String> forced = new java.util.HashSet<>();
      while (r.next()) {
        forced.add(r.getString(1));
      }
      assertEquals(
          Set.of(
              "model",
              "model_version",
              "alias_change",
              "audit_event",
              "audit_chain_head",
              "audit_signed_head",
              "audit_chain_anchor"),
          forced);
    }
  }

  @Test
  void theServicesActAsARoleThatRowSecurityBinds() throws SQLException {
    try (Connection c = pool.getConnection();
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles"
                        + " WHERE rolname = current_user")) {
      r.next();
      assertEquals("medmaas_registry_app", r.getString(1));
      assertFalse(r.getBoolean(2), "not a superuser");
      assertFalse(r.getBoolean(3), "does not bypass row-level security");
    }
  }

  @Test
  void anotherTenantSeesNoneOfItsRows() throws SQLException {
    assertEquals(1, count(owner, "", MODELS_NAMED, name));
    assertEquals(0, count(other, "", MODELS_NAMED, name));
    assertEquals(1, count(owner, "", AUDIT_OF, owner));
    assertEquals(0, count(other, "", AUDIT_OF, owner));
  }

  @Test
  void withoutAScopeNothingIsVisible() throws SQLException {
    assertEquals(0, count("", "", MODELS_NAMED, name));
    assertEquals(0, count("", "", AUDIT_OF, owner));
  }

  @Test
  void anotherTenantCannotChangeOrImpersonateIt() throws SQLException {
    int changed =
        inScope(
            other,
            "",
            c ->
                update(
                    c, "UPDATE registry.model SET production_version = '9' WHERE name = ?", name));
    assertEquals(0, changed);
    assertThrows(
        SQLException.class,
        () -> inScope(other, "", c -> update(c, MODEL_INSERT, name + "-x", owner)));
    assertThrows(SQLException.class, () -> inScope(other, "", c -> update(c, AUDIT_INSERT, owner)));
  }

  @Test
  void theRegistryWritesChangeRecordsOnlyNeverAccessRecords() {
    assertThrows(
        SQLException.class, () -> inScope(owner, "", c -> update(c, ACCESS_INSERT, owner)));
    assertThrows(SQLException.class, () -> inScope("*", "", c -> update(c, ACCESS_INSERT, owner)));
  }

  @Test
  void tenantlessRecordsAreVisibleToThePlatformScopeOnly() throws SQLException {
    String tenantless =
        "SELECT count(*) FROM registry.audit_event WHERE tenant_id IS NULL AND action = ?";
    String action = "rls.tenantless-" + UUID.randomUUID().toString().substring(0, 8);
    inScope(
        "*",
        "",
        c ->
            update(
                c,
                "INSERT INTO registry.audit_event (kind, occurred_at, request_id, action, outcome,"
                    + " latency_ms) VALUES ('change', now(), gen_random_uuid()::text, ?, 200, 0)",
                action));
    assertEquals(1, count("platform", "", tenantless, action));
    assertEquals(0, count(owner, "", tenantless, action));
    assertEquals(0, count("", "", tenantless, action));
  }

  @Test
  void platformModelsAreVisibleOnlyWhenEntitled() throws SQLException {
    String platformModel = "rls-platform-" + UUID.randomUUID().toString().substring(0, 8);
    inScope("*", "", c -> update(c, MODEL_INSERT, platformModel, "platform"));
    assertEquals(0, count(other, "", MODELS_NAMED, platformModel));
    assertEquals(1, count(other, "x," + platformModel, MODELS_NAMED, platformModel));
    assertEquals(1, count("platform", "", MODELS_NAMED, platformModel));
  }

  @Test
  void eachRequestStatesItsCallersScope() {
    given()
        .auth()
        .oauth2(
            InternalTokens.entitled("aurora-general", List.of("m2", "m1"), "dr.ada", "clinician"))
        .get("/test/row-scope")
        .then()
        .statusCode(200)
        .body("", contains("aurora-general", "m1,m2"));
    given()
        .auth()
        .oauth2(InternalTokens.gateway())
        .get("/test/row-scope")
        .then()
        .statusCode(200)
        .body("[0]", equalTo("*"));
    given().get("/test/row-scope").then().statusCode(200).body("[0]", equalTo(""));
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** One transaction on a pooled connection with only the row scope stated. */
  private <T> T inScope(String tenant, String entitled, Work<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement s =
            c.prepareStatement(
                "SELECT set_config('medmaas.tenant', ?, true),"
                    + " set_config('medmaas.entitled', ?, true)")) {
          s.setString(1, tenant);
          s.setString(2, entitled);
          s.execute();
        }
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private long count(String tenant, String entitled, String sql, String parameter)
      throws SQLException {
    return inScope(
        tenant,
        entitled,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet r = s.executeQuery()) {
              r.next();
              return r.getLong(1);
            }
          }
        });
  }

  private static int update(Connection c, String sql, String... parameters) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      return s.executeUpdate();
    }
  }
}
