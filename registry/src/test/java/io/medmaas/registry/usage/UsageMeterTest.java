package io.medmaas.registry.usage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.medmaas.common.audit.AuditRecord;
import io.medmaas.common.audit.AuditTable;
import io.medmaas.common.caller.RequestIds;
import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.medmaas.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Usage as the meter reads it from the audit log: per day, model, version and outcome, instances
 * summed; a tenant's admins read their own, the platform's admins any, and nobody else's.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(InternalTrustResource.class)
class UsageMeterTest {

  private static final String TENANT = "usage-hospital";
  private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();

  private static AuditRecord prediction(String tenant, int outcome, Integer instances) {
    return AuditRecord.access(RequestIds.newId(), "model.predict")
        .at(Instant.now())
        .tenant(tenant)
        .model("breast-cancer-diagnosis", "1")
        .outcome(outcome, outcome == 200 ? null : "unprocessable")
        .instances(instances)
        .latencyMs(instances == null ? 5 : instances * 10L + 1) // 21, 31, 11 ms: a mean of 21
        .build();
  }

  private static final int LATENCY = 21;

  @BeforeAll
  static void records() throws Exception {
    List<AuditRecord> records = new ArrayList<>();
    records.add(prediction(TENANT, 200, 2));
    records.add(prediction(TENANT, 200, 3));
    records.add(prediction(TENANT, 200, 1));
    records.add(prediction(TENANT, 422, null));
    records.add(AuditRecord.access(RequestIds.newId(), "model.list").tenant(TENANT).build());
    records.add(prediction("other-hospital", 200, 50));
    try (Connection c = PostgresResource.superuser()) {
      AuditTable.append(c, records);
    }
  }

  private static String admin(String tenant) {
    return InternalTokens.forTenant(tenant, "admin", "hospital-admin");
  }

  @Test
  void aTenantsAdminReadsItsUsagePerDayModelVersionAndOutcome() {
    given()
        .auth()
        .oauth2(admin(TENANT))
        .get("/internal/tenants/" + TENANT + "/usage")
        .then()
        .statusCode(200)
        .body("tenant", equalTo(TENANT))
        .body("to", equalTo(TODAY))
        .body("requests", equalTo(4))
        .body("succeeded", equalTo(3))
        .body("instances", equalTo(6))
        .body("items.find { it.outcome == 200 }.instances", equalTo(6))
        .body("items.find { it.outcome == 200 }.requests", equalTo(3))
        .body("items.find { it.outcome == 200 }.day", equalTo(TODAY))
        .body("items.find { it.outcome == 422 }.requests", equalTo(1))
        // the mean of the records' latencies, rounded
        .body("items.find { it.outcome == 200 }.latencyMs", equalTo(LATENCY));
  }

  @Test
  void anotherTenantsUsageIsNotFoundAndThePlatformReadsAny() {
    given()
        .auth()
        .oauth2(admin("other-hospital"))
        .get("/internal/tenants/" + TENANT + "/usage")
        .then()
        .statusCode(404)
        .body(not(containsString(TENANT)));
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("platform", "ops", "platform-admin"))
        .get("/internal/tenants/" + TENANT + "/usage")
        .then()
        .statusCode(200)
        .body("instances", equalTo(6));
    given()
        .auth()
        .oauth2(InternalTokens.forTenant(TENANT, "dr", "clinician"))
        .get("/internal/tenants/" + TENANT + "/usage")
        .then()
        .statusCode(403);
  }

  @Test
  void badRangesAre400() {
    for (String query :
        new String[] {
          "?from=yesterday",
          "?from=2026-02-30",
          "?from=" + TODAY + "&to=2020-01-01",
          "?from=2020-01-01&to=" + TODAY
        }) {
      given()
          .auth()
          .oauth2(admin(TENANT))
          .get("/internal/tenants/" + TENANT + "/usage" + query)
          .then()
          .statusCode(400);
    }
    given()
        .auth()
        .oauth2(admin(TENANT))
        .get("/internal/tenants/" + TENANT + "/usage?from=2020-01-01&to=2020-01-02")
        .then()
        .statusCode(200)
        .body("requests", equalTo(0));
  }
}
