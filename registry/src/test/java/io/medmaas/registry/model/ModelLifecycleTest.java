package io.medmaas.registry.model;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.medmaas.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(InternalTrustResource.class)
class ModelLifecycleTest {

  private static final Path DEMO =
      Path.of(System.getProperty("user.dir"), "..", "models", "diabetes-progression", "1");

  private String tenant;
  private String intruder;
  private String name;

  @BeforeEach
  void freshTenantsAndName() {
    tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    intruder = "i-" + UUID.randomUUID().toString().substring(0, 8);
    name = "model-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private RequestSpecification as(String tenantId, String role) {
    return given().auth().oauth2(InternalTokens.forTenant(tenantId, "user." + role, role));
  }

  private String upload() throws IOException {
    return upload(tenant);
  }

  private String upload(String owner) throws IOException {
    return as(owner, "model-publisher")
        .multiPart("model", "model.onnx", Files.readAllBytes(DEMO.resolve("model.onnx")))
        .multiPart("card", Files.readString(DEMO.resolve("card.json")))
        .multiPart(
            "validation",
            "validation.csv",
            Files.readAllBytes(DEMO.resolve("validation.csv")),
            "text/csv")
        .post("/internal/models/" + name + "/versions")
        .then()
        .statusCode(201)
        .body("stage", equalTo("draft"))
        .body("owner", equalTo(owner))
        .extract()
        .path("version");
  }

  /**
   * Moves a version. Inference does not run in these tests, so no upload is verified and a
   * promotion to production carries the audited override.
   */
  private void stage(String version, String stage, int status) {
    String override =
        stage.equals("production") ? ",\"override\":true,\"reason\":\"registry test\"" : "";
    as(tenant, "hospital-admin")
        .contentType(ContentType.JSON)
        .body("{\"stage\":\"" + stage + "\"" + override + "}")
        .post("/internal/models/" + name + "/versions/" + version + "/stage")
        .then()
        .statusCode(status);
  }

  @Test
  void uploadsNumberVersionsAndStartAsDrafts() throws IOException {
    assertVersion(upload(), "1");
    assertVersion(upload(), "2");
    as(tenant, "clinician")
        .get("/internal/models/" + name)
        .then()
        .statusCode(200)
        .body("model.owner", equalTo(tenant))
        .body("model.productionVersion", nullValue())
        .body("versions.version", contains("2", "1"))
        .body("versions[0].hasValidationSet", equalTo(true));
  }

  @jakarta.inject.Inject io.medmaas.registry.model.store.ArtifactCipher cipher;

  @Test
  void aTenantsValidationSetIsSealedAtRestAndOpensOnlyForItsVersion() throws Exception {
    String version = upload();
    byte[] plain = Files.readAllBytes(DEMO.resolve("validation.csv"));
    long id;
    byte[] atRest;
    byte[] nonce;
    String keyId;
    try (java.sql.Connection c = PostgresResource.superuser();
        java.sql.PreparedStatement st =
            c.prepareStatement(
                "SELECT v.id, v.validation_set, v.validation_nonce, v.validation_key_id"
                    + " FROM registry.model_version v JOIN registry.model m ON m.id = v.model_id"
                    + " WHERE m.owner = ? AND m.name = ? AND v.version = ?")) {
      st.setString(1, tenant);
      st.setString(2, name);
      st.setString(3, version);
      try (java.sql.ResultSet rs = st.executeQuery()) {
        org.junit.jupiter.api.Assertions.assertTrue(rs.next());
        id = rs.getLong(1);
        atRest = rs.getBytes(2);
        nonce = rs.getBytes(3);
        keyId = rs.getString(4);
      }
    }
    String header =
        new String(plain, java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().get();
    org.junit.jupiter.api.Assertions.assertFalse(
        new String(atRest, java.nio.charset.StandardCharsets.ISO_8859_1).contains(header),
        "no cleartext of the held-out cases at rest");
    assertEquals(plain.length + 16, atRest.length, "AES-GCM: the bytes and a 16-byte tag");
    assertEquals(12, nonce.length);
    org.junit.jupiter.api.Assertions.assertNotNull(keyId);
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        plain, cipher.open(atRest, nonce, keyId, "validation set of version " + id));
    // copied onto another version's row, it does not open there
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class,
        () -> cipher.open(atRest, nonce, keyId, "validation set of version " + (id + 1)));
    as(tenant, "clinician")
        .get("/internal/models/" + name)
        .then()
        .body("versions[0].hasValidationSet", equalTo(true));
  }

  @jakarta.inject.Inject io.medmaas.registry.model.service.ModelCatalog catalog;

  /** The sealing columns of a version's validation set: key id (null: plain) and bytes. */
  private static Object[] validationAtRest(String owner, String model, String version)
      throws Exception {
    try (java.sql.Connection c = PostgresResource.superuser();
        java.sql.PreparedStatement st =
            c.prepareStatement(
                "SELECT v.validation_key_id, v.validation_set FROM registry.model_version v"
                    + " JOIN registry.model m ON m.id = v.model_id"
                    + " WHERE m.owner = ? AND m.name = ? AND v.version = ?")) {
      st.setString(1, owner);
      st.setString(2, model);
      st.setString(3, version);
      try (java.sql.ResultSet rs = st.executeQuery()) {
        org.junit.jupiter.api.Assertions.assertTrue(rs.next());
        return new Object[] {rs.getString(1), rs.getBytes(2)};
      }
    }
  }

  @Test
  void aPlatformAdminsUploadIsSealedLikeAHospitals() throws Exception {
    String version = upload(io.medmaas.registry.model.store.Model.PLATFORM);
    org.junit.jupiter.api.Assertions.assertNotNull(
        validationAtRest(io.medmaas.registry.model.store.Model.PLATFORM, name, version)[0],
        "only the demo pack stays plain");
  }

  @Test
  void aValidationSetAnEarlierReleaseKeptPlainIsSealedAtStartup() throws Exception {
    String version = upload();
    byte[] plain = Files.readAllBytes(DEMO.resolve("validation.csv"));
    try (java.sql.Connection c = PostgresResource.superuser();
        java.sql.PreparedStatement st =
            c.prepareStatement(
                "UPDATE registry.model_version v SET validation_set = ?, validation_key_id = NULL,"
                    + " validation_nonce = NULL FROM registry.model m WHERE m.id = v.model_id"
                    + " AND m.owner = ? AND m.name = ? AND v.version = ?")) {
      st.setBytes(1, plain);
      st.setString(2, tenant);
      st.setString(3, name);
      st.setString(4, version);
      assertEquals(1, st.executeUpdate(), "as a release before V14 stored it");
    }
    org.junit.jupiter.api.Assertions.assertTrue(catalog.sealPlainValidationSets(1000) >= 1);
    Object[] atRest = validationAtRest(tenant, name, version);
    org.junit.jupiter.api.Assertions.assertNotNull(atRest[0], "sealed now");
    org.junit.jupiter.api.Assertions.assertFalse(
        java.util.Arrays.equals(plain, (byte[]) atRest[1]), "no longer plain");
    assertEquals(0, catalog.sealPlainValidationSets(1000), "nothing left to seal");
  }

  private static void assertVersion(String actual, String expected) {
    org.junit.jupiter.api.Assertions.assertEquals(expected, actual);
  }

  @Test
  void promotionFollowsTheLifecycleAndMovesTheAliases() throws IOException {
    String v1 = upload();
    stage(v1, "production", 409); // a draft must pass staging first
    stage(v1, "staging", 200);
    stage(v1, "production", 200);
    String v2 = upload();
    stage(v2, "staging", 200);
    stage(v2, "production", 200);

    as(tenant, "clinician")
        .get("/internal/models/" + name + "/versions/production")
        .then()
        .statusCode(200)
        .body("version", equalTo(v2));
    as(tenant, "clinician")
        .get("/internal/models/" + name)
        .then()
        .body("model.productionVersion", equalTo(v2))
        .body("model.stagingVersion", nullValue())
        .body("versions.find { it.version == '1' }.stage", equalTo("archived"));
  }

  @Test
  void anUnverifiedVersionReachesProductionOnlyWithAnAuditedOverride() throws IOException {
    String v1 = upload();
    as(tenant, "clinician")
        .get("/internal/models/" + name + "/versions/" + v1)
        .then()
        .body("verification.status", equalTo("unverified"))
        .body("verification.reason", equalTo("inference could not be reached"));
    stage(v1, "staging", 200);
    as(tenant, "hospital-admin")
        .contentType(ContentType.JSON)
        .body("{\"stage\":\"production\"}")
        .post("/internal/models/" + name + "/versions/" + v1 + "/stage")
        .then()
        .statusCode(409)
        .body("detail", containsString("override"));
    as(tenant, "hospital-admin")
        .contentType(ContentType.JSON)
        .body("{\"stage\":\"production\",\"override\":true,\"reason\":\" \"}")
        .post("/internal/models/" + name + "/versions/" + v1 + "/stage")
        .then()
        .statusCode(400);
    stage(v1, "production", 200);
    as(tenant, "auditor")
        .get("/internal/audit-events?size=50")
        .then()
        .body(
            "items.find { it.action == 'model.version.stage.override' }.after",
            equalTo("production (override of unverified metrics: registry test)"));
  }

  @Test
  void aPublisherStagesButOnlyAHospitalAdminPromotesToProductionOrRollsBack() throws IOException {
    String v1 = upload();
    as(tenant, "model-publisher")
        .contentType(ContentType.JSON)
        .body("{\"stage\":\"staging\"}")
        .post("/internal/models/" + name + "/versions/" + v1 + "/stage")
        .then()
        .statusCode(200);
    for (String body :
        new String[] {
          "{\"stage\":\"production\"}",
          "{\"stage\":\"production\",\"override\":true,\"reason\":\"trust me\"}"
        }) {
      as(tenant, "model-publisher")
          .contentType(ContentType.JSON)
          .body(body)
          .post("/internal/models/" + name + "/versions/" + v1 + "/stage")
          .then()
          .statusCode(403)
          .body("detail", containsString("hospital admin"));
    }
    as(tenant, "clinician")
        .get("/internal/models/" + name + "/versions/" + v1)
        .then()
        .body("stage", equalTo("staging"));
    stage(v1, "production", 200); // as a hospital admin
    String v2 = upload();
    stage(v2, "staging", 200);
    stage(v2, "production", 200);
    as(tenant, "model-publisher")
        .post("/internal/models/" + name + "/rollback")
        .then()
        .statusCode(403);
    as(tenant, "hospital-admin")
        .post("/internal/models/" + name + "/rollback")
        .then()
        .statusCode(200);
  }

  @Test
  void anUploadUnderTheNameOfAnEntitledPlatformModelIs409SayingWhatToDo() throws IOException {
    as(tenant, "model-publisher")
        .multiPart("model", "model.onnx", Files.readAllBytes(DEMO.resolve("model.onnx")))
        .multiPart("card", Files.readString(DEMO.resolve("card.json")))
        .post("/internal/models/breast-cancer-diagnosis/versions")
        .then()
        .statusCode(409)
        .body("detail", containsString("is a platform model this hospital is entitled to"))
        .body("detail", containsString("'breast-cancer-diagnosis-" + tenant + "'"));
    // the platform model is untouched: it still resolves for the hospital
    as(tenant, "clinician")
        .get("/internal/models/breast-cancer-diagnosis/versions/production")
        .then()
        .statusCode(200)
        .body("owner", equalTo("platform"));
  }

  @Test
  void anOwnersAdminDeletesDraftsAndModelsThatNeverServed() throws IOException {
    String v1 = upload();
    String v2 = upload();
    stage(v1, "staging", 200);
    String version2 = "/internal/models/" + name + "/versions/" + v2;
    as(tenant, "model-publisher").delete(version2).then().statusCode(403);
    as(intruder, "hospital-admin").delete(version2).then().statusCode(404);
    as(tenant, "hospital-admin")
        .delete("/internal/models/" + name + "/versions/" + v1)
        .then()
        .statusCode(409)
        .body("detail", containsString("archive it instead"));
    as(tenant, "hospital-admin").delete(version2).then().statusCode(204);
    as(tenant, "clinician").get(version2).then().statusCode(404);
    // a deleted draft's number is never issued again
    assertVersion(upload(), "3");
    // staging version 3 sends version 1 back to draft; having served, it is not deleted
    stage("3", "staging", 200);
    as(tenant, "hospital-admin")
        .delete("/internal/models/" + name + "/versions/" + v1)
        .then()
        .statusCode(409)
        .body("detail", containsString("served as staging"));
    as(tenant, "auditor")
        .get("/internal/audit-events?size=50")
        .then()
        .body("items.action", hasItem("model.version.delete"));
    // a model that served as staging is kept
    as(tenant, "hospital-admin")
        .delete("/internal/models/" + name)
        .then()
        .statusCode(409)
        .body("detail", containsString("kept for its history"));
    // one that never served goes, with its versions
    name = name + "-b";
    upload();
    upload();
    as(tenant, "hospital-admin").delete("/internal/models/" + name).then().statusCode(204);
    as(tenant, "clinician").get("/internal/models/" + name).then().statusCode(404);
  }

  @Test
  void aMissingVersionNamesTheVersionTheModelAndWhatThereIs() throws IOException {
    upload();
    as(tenant, "clinician")
        .get("/internal/models/" + name + "/versions/7")
        .then()
        .statusCode(404)
        .body(
            "detail",
            equalTo(
                "Model '"
                    + name
                    + "' has no version 7; its versions: 1; production: none, staging: none"));
    as(tenant, "clinician")
        .get("/internal/models/" + name + "/versions/staging")
        .then()
        .statusCode(404)
        .body("detail", containsString("has no staging version"));
    as(intruder, "clinician")
        .get("/internal/models/" + name + "/versions/7")
        .then()
        .statusCode(404)
        .body("detail", not(containsString(name)));
  }

  @Test
  void aModelThatReachedProductionIsKept() throws IOException {
    String v1 = upload();
    stage(v1, "staging", 200);
    stage(v1, "production", 200);
    stage(v1, "archived", 200);
    as(tenant, "hospital-admin")
        .delete("/internal/models/" + name)
        .then()
        .statusCode(409)
        .body("detail", containsString("kept for its history"));
  }

  @Test
  void pagesPastAnyListingAndPagesThatAreNotNumbersAre400() {
    for (String query :
        new String[] {
          "page=2147483647", "page=1073741824&size=4", "page=abc", "size=0", "page=-1", "size=1e3"
        }) {
      as(tenant, "clinician")
          .get("/internal/models?" + query)
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    as(tenant, "auditor")
        .get("/internal/audit-events?page=2147483647")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void aMalformedMultipartUploadIs400() {
    for (String body :
        new String[] {
          "--b\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nno end",
          "not multipart at all",
          "--b\r\n\r\n--b--\r\n"
        }) {
      as(tenant, "model-publisher")
          .contentType("multipart/form-data; boundary=b")
          .body(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
          .post("/internal/models/" + name + "/versions")
          .then()
          .statusCode(org.hamcrest.Matchers.both(greaterThanOrEqualTo(400)).and(lessThan(500)))
          .contentType("application/problem+json");
    }
  }

  @Test
  void onlyTheOwnersPublishersAndAdminsDownloadTheWeights() throws IOException {
    String v1 = upload();
    stage(v1, "staging", 200);
    String artifact = "/internal/models/" + name + "/versions/" + v1 + "/artifact";
    for (String role : new String[] {"clinician", "clinical-system", "auditor"}) {
      as(tenant, role).get(artifact).then().statusCode(403);
    }
    for (String role : new String[] {"model-publisher", "hospital-admin"}) {
      as(tenant, role)
          .get(artifact)
          .then()
          .statusCode(200)
          .header("X-Artifact-Sha256", notNullValue());
    }
  }

  @Test
  void rollbackRestoresThePreviousProductionVersionInOneCall() throws IOException {
    String v1 = upload();
    stage(v1, "staging", 200);
    stage(v1, "production", 200);
    String v2 = upload();
    stage(v2, "staging", 200);
    stage(v2, "production", 200);

    as(tenant, "hospital-admin")
        .post("/internal/models/" + name + "/rollback")
        .then()
        .statusCode(200)
        .body("version", equalTo(v1))
        .body("stage", equalTo("production"));
    as(tenant, "clinician")
        .get("/internal/models/" + name)
        .then()
        .body("model.productionVersion", equalTo(v1))
        .body("versions.find { it.version == '2' }.stage", equalTo("archived"));
  }

  @Test
  void everyChangeIsAnAuditRecordWithBeforeAndAfter() throws IOException {
    String v1 = upload();
    stage(v1, "staging", 200);
    as(tenant, "auditor")
        .get("/internal/audit-events?size=20")
        .then()
        .statusCode(200)
        .body("items.action", hasItem("model.version.upload"))
        .body("items.find { it.action == 'model.version.stage' }.before", equalTo("draft"))
        .body("items.find { it.action == 'model.version.stage' }.after", equalTo("staging"))
        .body(
            "items.find { it.action == 'model.version.stage' }.subject",
            equalTo("user.hospital-admin"))
        .body("items.kind", everyItem(equalTo("change")));
  }

  @Test
  void aChangeRecordPointsAtTheRequestThatMadeIt() throws IOException {
    String v1 = upload();
    String requestId = java.util.UUID.randomUUID().toString();
    as(tenant, "hospital-admin")
        .header("X-Request-Id", requestId)
        .contentType(ContentType.JSON)
        .body("{\"stage\":\"staging\"}")
        .post("/internal/models/" + name + "/versions/" + v1 + "/stage")
        .then()
        .statusCode(200);
    as(tenant, "auditor")
        .get("/internal/audit-events?size=20")
        .then()
        .body(
            "items.findAll { it.requestId == '" + requestId + "' }.action",
            contains("model.version.stage"))
        .body("items.find { it.requestId == '" + requestId + "' }.kind", equalTo("change"));
  }

  @Test
  void anotherTenantCanNeitherSeeDownloadNorChangeThePrivateModel() throws IOException {
    String v1 = upload();
    stage(v1, "staging", 200);
    as(intruder, "clinician").get("/internal/models/" + name).then().statusCode(404);
    as(intruder, "clinician").get("/internal/models/" + name + "/versions").then().statusCode(404);
    as(intruder, "clinician")
        .get("/internal/models/" + name + "/versions/" + v1)
        .then()
        .statusCode(404);
    as(intruder, "clinician")
        .get("/internal/models/" + name + "/versions/" + v1 + "/card")
        .then()
        .statusCode(404);
    as(intruder, "model-publisher")
        .get("/internal/models/" + name + "/versions/" + v1 + "/artifact")
        .then()
        .statusCode(404);
    as(intruder, "hospital-admin")
        .contentType(ContentType.JSON)
        .body("{\"stage\":\"production\"}")
        .post("/internal/models/" + name + "/versions/" + v1 + "/stage")
        .then()
        .statusCode(404);
    as(intruder, "hospital-admin")
        .post("/internal/models/" + name + "/rollback")
        .then()
        .statusCode(404);
    as(intruder, "hospital-admin")
        .post("/internal/models/" + name + "/versions/" + v1 + "/verify")
        .then()
        .statusCode(404);
    as(intruder, "clinician")
        .get("/internal/models?size=200")
        .then()
        .statusCode(200)
        .body("items.name", not(hasItem(name)));
    as(tenant, "clinician")
        .get("/internal/models?owner=mine")
        .then()
        .body("items.name", hasItem(name));
  }

  @Test
  void anUploadUnderTheSameNameByAnotherTenantMakesItsOwnModel() throws IOException {
    String v1 = upload();
    stage(v1, "staging", 200);
    assertEquals("1", upload(intruder), "the intruder's first version of its own model");
    as(tenant, "clinician")
        .get("/internal/models/" + name + "/versions")
        .then()
        .statusCode(200)
        .body("version", contains(v1))
        .body("stage", contains("staging"));
    as(tenant, "clinician")
        .get("/internal/models/" + name)
        .then()
        .statusCode(200)
        .body("model.owner", equalTo(tenant));
    as(intruder, "clinician")
        .get("/internal/models/" + name)
        .then()
        .statusCode(200)
        .body("model.owner", equalTo(intruder));
  }

  @Test
  void aBodyOfTheWrongShapeIsAProblemThatQuotesNothing() throws IOException {
    String v1 = upload();
    for (String body : new String[] {"[]", "{\"stage\":{}}", "{\"override\":\"yes-secret\"}"}) {
      as(tenant, "hospital-admin")
          .contentType(ContentType.JSON)
          .body(body)
          .post("/internal/models/" + name + "/versions/" + v1 + "/stage")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("title", equalTo("Malformed request"))
          .body(not(containsString("yes-secret")));
    }
  }

  @Test
  void hospitalsCannotChangeThePlatformCatalog() {
    as(tenant, "hospital-admin")
        .contentType(ContentType.JSON)
        .body("{\"stage\":\"archived\"}")
        .post("/internal/models/breast-cancer-diagnosis/versions/1/stage")
        .then()
        .statusCode(403);
  }

  @Test
  void cliniciansCannotPublish() throws IOException {
    as(tenant, "clinician")
        .multiPart("model", "model.onnx", Files.readAllBytes(DEMO.resolve("model.onnx")))
        .multiPart("card", Files.readString(DEMO.resolve("card.json")))
        .post("/internal/models/" + name + "/versions")
        .then()
        .statusCode(403);
  }

  @Test
  void aLoadTimeBombIsRefusedAndTheRegistryStaysHealthy() throws IOException {
    as(tenant, "model-publisher")
        .multiPart("model", "model.onnx", io.medmaas.registry.upload.OnnxFixtures.loadTimeBomb())
        .multiPart("card", "{\"task\":\"regression\",\"features\":[],\"input\":{},\"output\":{}}")
        .post("/internal/models/" + name + "/versions")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("detail", containsString("cannot load"));
    // health is on the management interface (its test port), not the API's
    given()
        .port(
            org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.management.test-port", Integer.class)
                .orElse(9001))
        .get("/q/health/ready")
        .then()
        .statusCode(200);
    upload(); // and the next, honest upload goes through
  }

  @Test
  void aCardThatContradictsTheModelIsRefused() throws IOException {
    String card =
        Files.readString(DEMO.resolve("card.json"))
            .replace("\"name\": \"progression\"", "\"name\": \"risk_score\"")
            .replace(
                "\"shape\": [\n      -1,\n      10\n    ]",
                "\"shape\": [\n      -1,\n      12\n    ]");
    as(tenant, "model-publisher")
        .multiPart("model", "model.onnx", Files.readAllBytes(DEMO.resolve("model.onnx")))
        .multiPart("card", card)
        .post("/internal/models/" + name + "/versions")
        .then()
        .statusCode(422)
        .body("errors", hasItem("output.name: the model has no output of that name"))
        .body("errors", hasItem("input.shape[1]: 12 declared, 10 in the model"));
  }

  @Test
  void theUploadRecordsTheSignatureOnnxRuntimeDerived() throws IOException {
    String version = upload();
    as(tenant, "clinician")
        .get("/internal/models/" + name + "/versions/" + version)
        .then()
        .body("signature.inputs[0].name", equalTo("features"))
        .body("signature.inputs[0].shape", contains(-1, 10))
        .body("signature.outputs[0].name", equalTo("progression"));
  }

  @Test
  void aHostileUploadIsRefusedWith422() throws IOException {
    as(tenant, "model-publisher")
        .multiPart("model", "model.onnx", "#!/bin/sh\nrm -rf /\n".getBytes())
        .multiPart("card", Files.readString(DEMO.resolve("card.json")))
        .post("/internal/models/" + name + "/versions")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("detail", containsString("not an ONNX model"))
        .body(not(containsString("rm -rf")));
  }
}
