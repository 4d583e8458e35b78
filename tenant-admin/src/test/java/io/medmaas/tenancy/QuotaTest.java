package io.medmaas.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.medmaas.launcher.DatabaseRoles;
import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.medmaas.testing.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Plans and per-tenant quotas: who reads and changes them, and what the gateway is told. */
@QuarkusTest
@WithTestResource(
    value = PostgresResource.class,
    initArgs = @ResourceArg(name = "service", value = "tenant-admin"))
@WithTestResource(InternalTrustResource.class)
@WithTestResource(StubProviders.class)
class QuotaTest {

  private static String platform() {
    return InternalTokens.forTenant("platform", "ops", "platform-admin");
  }

  private static String cedarAdmin() {
    return InternalTokens.forTenant("cedar-valley", "admin.cedar", "hospital-admin");
  }

  @Test
  void thePlansAndTheirLimitsAreListed() {
    given()
        .auth()
        .oauth2(cedarAdmin())
        .get("/internal/plans")
        .then()
        .statusCode(200)
        .body("plans.name", hasItems("trial", "standard", "enterprise"))
        .body("plans.find { it.name == 'trial' }.limits.burst", equalTo(10));
  }

  @Test
  void aPlatformAdminOverridesALimitAndTheGatewayIsToldTheEffectiveOnes() {
    given()
        .auth()
        .oauth2(platform())
        .contentType("application/json")
        .body("{\"overrides\":{\"ratePerSecond\":2.5,\"maxConcurrent\":3}}")
        .put("/internal/tenants/cedar-valley/quota")
        .then()
        .statusCode(200)
        .body("plan", equalTo("enterprise")) // the demo hospitals' plan
        .body("overrides.ratePerSecond", equalTo(2.5f))
        .body("effective.ratePerSecond", equalTo(2.5f))
        .body("effective.burst", equalTo(1000))
        .body("effective.maxConcurrent", equalTo(3));
    given()
        .auth()
        .oauth2(InternalTokens.gateway())
        .get("/internal/directory/tenants")
        .then()
        .body("find { it.id == 'cedar-valley' }.limits.ratePerSecond", equalTo(2.5f))
        .body("find { it.id == 'aurora-general' }.limits.ratePerSecond", equalTo(500.0f));
    given()
        .auth()
        .oauth2(cedarAdmin())
        .get("/internal/tenants/cedar-valley/quota")
        .then()
        .statusCode(200)
        .body("effective.maxConcurrent", equalTo(3));
    // {} drops the overrides: the plan's limits again
    given()
        .auth()
        .oauth2(platform())
        .contentType("application/json")
        .body("{\"overrides\":{}}")
        .put("/internal/tenants/cedar-valley/quota")
        .then()
        .statusCode(200)
        .body("overrides", nullValue())
        .body("effective.maxConcurrent", equalTo(256));
  }

  @Test
  void aHospitalsAdminReadsItsOwnQuotaOnlyAndChangesNone() {
    given()
        .auth()
        .oauth2(cedarAdmin())
        .get("/internal/tenants/aurora-general/quota")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(cedarAdmin())
        .contentType("application/json")
        .body("{\"plan\":\"trial\"}")
        .put("/internal/tenants/cedar-valley/quota")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("cedar-valley", "x", "platform-admin"))
        .contentType("application/json")
        .body("{\"plan\":\"trial\"}")
        .put("/internal/tenants/cedar-valley/quota")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(cedarAdmin())
        .get("/internal/tenants/cedar-valley/quota")
        .then()
        .body("plan", equalTo("enterprise"));
  }

  @Test
  void badLimitsAre400() {
    for (String body :
        new String[] {
          "{\"plan\":\"gold\"}",
          "{\"overrides\":{\"ratePerSecond\":0}}",
          "{\"overrides\":{\"burst\":-1}}",
          "{\"overrides\":{\"maxBatch\":65}}",
          "{\"overrides\":{\"dailyInstances\":-5}}"
        }) {
      given()
          .auth()
          .oauth2(platform())
          .contentType("application/json")
          .body(body)
          .put("/internal/tenants/aurora-general/quota")
          .then()
          .statusCode(400);
    }
  }

  @Test
  void overridesAreTheTenantsRowsUnderRowLevelSecurity() throws Exception {
    given()
        .auth()
        .oauth2(platform())
        .contentType("application/json")
        .body("{\"overrides\":{\"burst\":7}}")
        .put("/internal/tenants/aurora-general/quota")
        .then()
        .statusCode(200);
    try (Connection c = PostgresResource.database().connectAs(DatabaseRoles.TENANCY_APP);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM tenancy.quota_override")) {
        rs.next();
        assertEquals(0, rs.getInt(1), "no tenant set: no rows");
      }
      st.execute("SELECT set_config('medmaas.tenant', 'cedar-valley', true)");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*) FROM tenancy.quota_override WHERE tenant_id = 'aurora-general'")) {
        rs.next();
        assertEquals(0, rs.getInt(1), "another tenant's rows stay hidden");
      }
      c.rollback();
    }
    given()
        .auth()
        .oauth2(platform())
        .contentType("application/json")
        .body("{\"overrides\":{}}")
        .put("/internal/tenants/aurora-general/quota")
        .then()
        .statusCode(200);
  }
}
