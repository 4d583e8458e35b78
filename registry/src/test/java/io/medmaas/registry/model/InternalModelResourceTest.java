package io.medmaas.registry.model;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.common.digest.Sha256;
import io.medmaas.registry.model.service.ModelCatalog;
import io.medmaas.registry.model.store.Stage;
import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.medmaas.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(InternalTrustResource.class)
class InternalModelResourceTest {

  private static final Path DEMO =
      Path.of(System.getProperty("user.dir"), "..", "models", "breast-cancer-diagnosis", "1");

  @Inject ModelCatalog catalog;

  @Test
  void productionAliasResolvesToTheSeededDemoModelWithItsCard() throws IOException {
    String sha = Sha256.hex(Files.readAllBytes(DEMO.resolve("model.onnx")));
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("aurora-general", "dr.ada", "clinician"))
        .get("/internal/models/breast-cancer-diagnosis/versions/production")
        .then()
        .statusCode(200)
        .body("version", equalTo("1"))
        .body("stage", equalTo("production"))
        .body("sha256", equalTo(sha))
        .body("card.features", hasSize(30))
        .body("card.features[0].name", equalTo("mean_radius"));
  }

  @Test
  void servesTheArtifactByItsDigest() throws IOException {
    byte[] onnx = Files.readAllBytes(DEMO.resolve("model.onnx"));
    byte[] served =
        given()
            .auth()
            .oauth2(InternalTokens.forTenant("aurora-general", "dr.ada", "clinician"))
            .get("/internal/artifacts/" + Sha256.hex(onnx))
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    assertArrayEquals(onnx, served);
  }

  @Test
  void anotherTenantsPrivateModelIsNotFound() throws IOException {
    String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8);
    String name = "private-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] onnx = (Files.readString(DEMO.resolve("card.json")) + name).getBytes();
    catalog.record(name, owner, "1", Stage.production, onnx, "{\"features\":[]}", null);
    String sha = Sha256.hex(onnx);

    given()
        .auth()
        .oauth2(InternalTokens.forTenant(owner, "pub", "model-publisher"))
        .get("/internal/models/" + name + "/versions/1")
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("intruder", "dr.x", "clinician"))
        .get("/internal/models/" + name + "/versions/1")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("intruder", "dr.x", "clinician"))
        .get("/internal/artifacts/" + sha)
        .then()
        .statusCode(404);
  }

  @Test
  void aTenantsArtifactIsSealedAtRestAndServedAsUploadedWhileThePlatformsStaysPlain()
      throws Exception {
    String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8);
    String name = "sealed-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] onnx = (Files.readString(DEMO.resolve("card.json")) + name).getBytes();
    catalog.record(name, owner, "1", Stage.production, onnx, "{\"features\":[]}", null);
    String sha = Sha256.hex(onnx);
    try (java.sql.Connection c = io.medmaas.testing.PostgresResource.superuser();
        java.sql.PreparedStatement st =
            c.prepareStatement(
                "SELECT content, key_id, nonce, size_bytes FROM registry.artifact WHERE sha256 ="
                    + " ? OR sha256 = ? ORDER BY key_id NULLS FIRST")) {
      st.setString(1, sha);
      st.setString(2, Sha256.hex(Files.readAllBytes(DEMO.resolve("model.onnx"))));
      try (java.sql.ResultSet rs = st.executeQuery()) {
        assertTrue(rs.next());
        assertArrayEquals(
            Files.readAllBytes(DEMO.resolve("model.onnx")),
            rs.getBytes(1),
            "the platform's demo model stays plain");
        assertNull(rs.getString(2));
        assertTrue(rs.next());
        byte[] atRest = rs.getBytes(1);
        assertFalse(java.util.Arrays.equals(onnx, atRest), "sealed");
        assertFalse(
            new String(atRest, java.nio.charset.StandardCharsets.ISO_8859_1).contains(name));
        assertEquals(onnx.length + 16, atRest.length, "AES-GCM: the bytes and a 16-byte tag");
        assertEquals(12, rs.getBytes(3).length);
        assertEquals(onnx.length, rs.getLong(4));
      }
    }
    byte[] served =
        given()
            .auth()
            .oauth2(InternalTokens.forTenant(owner, "pub", "model-publisher"))
            .get("/internal/artifacts/" + sha)
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    assertArrayEquals(onnx, served);
  }

  @Test
  void unknownModelIsNotFound() {
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("aurora-general", "dr.ada", "clinician"))
        .get("/internal/models/no-such-model/versions/production")
        .then()
        .statusCode(404)
        .body("detail", equalTo("Model not found"));
  }

  @Test
  void requiresAnInternalToken() {
    given()
        .get("/internal/models/breast-cancer-diagnosis/versions/production")
        .then()
        .statusCode(401);
  }

  @Test
  void aPlatformModelIsInvisibleToATenantNotEntitledToIt() throws IOException {
    String notEntitled =
        InternalTokens.entitled(
            "cedar-valley", java.util.List.of("diabetes-progression"), "dr.ben", "clinician");
    given()
        .auth()
        .oauth2(notEntitled)
        .get("/internal/models/breast-cancer-diagnosis/versions/production")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(notEntitled)
        .get("/internal/artifacts/" + Sha256.hex(Files.readAllBytes(DEMO.resolve("model.onnx"))))
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(notEntitled)
        .get("/internal/models?owner=platform")
        .then()
        .statusCode(200)
        .body("items.name", org.hamcrest.Matchers.contains("diabetes-progression"));
    given()
        .auth()
        .oauth2(InternalTokens.forTenant("platform", "admin", "platform-admin"))
        .get("/internal/models?owner=platform")
        .then()
        .statusCode(200)
        .body("items.size()", equalTo(5));
  }
}
