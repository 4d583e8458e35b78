package io.medmaas.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.medmaas.tenancy.tenant.service.TenantDirectory;
import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.medmaas.testing.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
    value = PostgresResource.class,
    initArgs = @ResourceArg(name = "service", value = "tenant-admin"))
@WithTestResource(InternalTrustResource.class)
@WithTestResource(StubProviders.class)
class InternalTenantResourceTest {

  @Inject TenantDirectory directory;

  /** The tenant list as the gateway reads it. */
  private static ValidatableResponse tenantsAsTheGatewaySeesThem() {
    return given()
        .auth()
        .oauth2(InternalTokens.gateway())
        .get("/internal/directory/tenants")
        .then()
        .statusCode(200);
  }

  @Test
  void seedsTheDemoHospitalsWithTheirIssuers() {
    tenantsAsTheGatewaySeesThem()
        .body("id", hasItems("aurora-general", "cedar-valley"))
        .body(
            "find { it.id == 'aurora-general' }.issuer",
            equalTo("http://127.0.0.1:1/realms/aurora-general"))
        .body(
            "find { it.id == 'cedar-valley' }.audiences",
            org.hamcrest.Matchers.contains("medmaas-api"))
        .body("find { it.id == 'cedar-valley' }.status", equalTo("active"));
  }

  @Test
  void aTenantsRoleMappingTravelsWithItToTheGateway() throws Exception {
    try (var c = io.medmaas.testing.PostgresResource.superuser();
        var st = c.createStatement()) {
      st.execute(
          "UPDATE tenancy.tenant SET role_mapping = '{\"physician\": \"clinician\"}'"
              + " WHERE id = 'cedar-valley'");
    }
    try {
      tenantsAsTheGatewaySeesThem()
          .body("find { it.id == 'cedar-valley' }.roleMapping.physician", equalTo("clinician"))
          .body(
              "find { it.id == 'aurora-general' }.roleMapping", org.hamcrest.Matchers.nullValue());
    } finally {
      try (var c = io.medmaas.testing.PostgresResource.superuser();
          var st = c.createStatement()) {
        st.execute("UPDATE tenancy.tenant SET role_mapping = NULL WHERE id = 'cedar-valley'");
      }
    }
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
        .get("/internal/directory/tenants")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
  }

  @Test
  void requiresATrustedInternalToken() {
    given().get("/internal/directory/tenants").then().statusCode(401);
    given()
        .auth()
        .oauth2(InternalTokens.signedByStranger("aurora-general"))
        .get("/internal/directory/tenants")
        .then()
        .statusCode(401);
  }

  @Test
  void demoEntitlementsAreListedWithTheTenants() {
    tenantsAsTheGatewaySeesThem()
        .body("find { it.id == 'aurora-general' }.entitlements.size()", equalTo(5))
        .body(
            "find { it.id == 'cedar-valley' }.entitlements",
            org.hamcrest.Matchers.contains("breast-cancer-diagnosis", "diabetes-progression"));
  }

  @Test
  void platformAdminsGrantAndRevokeEntitlements() {
    String platformAdmin = InternalTokens.forTenant("platform", "admin", "platform-admin");
    String path = "/internal/tenants/cedar-valley/entitlements/lesion-classifier";
    given().auth().oauth2(platformAdmin).put(path).then().statusCode(204);
    tenantsAsTheGatewaySeesThem()
        .body(
            "find { it.id == 'cedar-valley' }.entitlements",
            org.hamcrest.Matchers.hasItem("lesion-classifier"));
    given().auth().oauth2(platformAdmin).delete(path).then().statusCode(204);
    given().auth().oauth2(platformAdmin).delete(path).then().statusCode(404);
    given()
        .auth()
        .oauth2(platformAdmin)
        .put("/internal/tenants/no-such-tenant/entitlements/lesion-classifier")
        .then()
        .statusCode(404);
  }

  @Test
  void hospitalAdminsCannotEntitleThemselves() {
    // a hospital's admin role name in its own realm does not make it a platform administrator
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("cedar-valley", "admin.cedar", "platform-admin"))
        .put("/internal/tenants/cedar-valley/entitlements/lesion-classifier")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("cedar-valley", "admin.cedar", "hospital-admin"))
        .put("/internal/tenants/cedar-valley/entitlements/lesion-classifier")
        .then()
        .statusCode(403);
  }

  @Test
  void hospitalAdminsCannotRevokeAnotherHospitalsEntitlement() {
    String path = "/internal/tenants/aurora-general/entitlements/breast-cancer-diagnosis";
    for (String role : new String[] {"platform-admin", "hospital-admin"}) {
      given()
          .auth()
          .oauth2(InternalTokens.forTenant("cedar-valley", "admin.cedar", role))
          .delete(path)
          .then()
          .statusCode(403)
          .contentType("application/problem+json");
    }
    tenantsAsTheGatewaySeesThem()
        .body(
            "find { it.id == 'aurora-general' }.entitlements",
            org.hamcrest.Matchers.hasItem("breast-cancer-diagnosis"));
  }
}
