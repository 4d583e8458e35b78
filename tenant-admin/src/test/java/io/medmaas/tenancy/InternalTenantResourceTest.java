package io.medmaas.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.medmaas.tenancy.tenant.service.TenantDirectory;
import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.medmaas.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(InternalTrustResource.class)
class InternalTenantResourceTest {

  @Inject TenantDirectory directory;

  @Test
  void seedsTheDemoHospitalsWithTheirIssuers() {
    given()
        .auth()
        .oauth2(InternalTokens.gateway())
        .get("/internal/tenants")
        .then()
        .statusCode(200)
        .body("id", hasItems("aurora-general", "cedar-valley"))
        .body(
            "find { it.id == 'aurora-general' }.issuer",
            equalTo("http://127.0.0.1:1/realms/aurora-general"))
        .body("find { it.id == 'cedar-valley' }.audience", equalTo("medmaas-api"))
        .body("find { it.id == 'cedar-valley' }.status", equalTo("active"));
  }

  @Test
  void seedingTwiceKeepsOneTenant() {
    boolean created =
        directory.registerIfAbsent(
            "aurora-general", "again", "http://127.0.0.1:1/realms/aurora-general", "x");
    org.junit.jupiter.api.Assertions.assertFalse(created);
  }

  @Test
  void tenantUsersCannotListTenants() {
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("aurora-general", "admin.aurora", "hospital-admin"))
        .get("/internal/tenants")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
  }

  @Test
  void requiresATrustedInternalToken() {
    given().get("/internal/tenants").then().statusCode(401);
    given()
        .auth()
        .oauth2(InternalTokens.signedByStranger("aurora-general"))
        .get("/internal/tenants")
        .then()
        .statusCode(401);
  }
}
