package io.medmaas.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.inference.registry.ModelVersionInfo;
import io.medmaas.inference.registry.RegistryClient;
import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two owners' versions with the same name, number and bytes are two loaded models, each decoding
 * with its own card; drafts are for their owner's publishers and admins, archived versions for
 * nobody. Only the registry seam is replaced.
 */
@QuarkusTest
@WithTestResource(InternalTrustResource.class)
class TenantCorrectServingTest {

  private static final String DEMO = "breast-cancer-diagnosis";
  private static final String SHARED = "shared-name";
  private static final String STAGED = "staged-model";
  private static final ObjectMapper JSON = new ObjectMapper();

  @InjectMock RegistryClient registry;

  private String request;

  @BeforeEach
  void twoOwnersOneNameOneArtifact() throws IOException {
    byte[] onnx = DemoPack.onnx(DEMO);
    ModelVersionInfo platform = DemoPack.info(DEMO, "platform", SHARED);
    // Aurora's private copy: same name, version and bytes, a card whose first feature is renamed
    ObjectNode card = (ObjectNode) DemoPack.card(DEMO).deepCopy();
    ((ObjectNode) card.withArray("features").get(0)).put("name", "aurora_only_radius");
    ModelVersionInfo aurora =
        new ModelVersionInfo(
            SHARED,
            "1",
            "production",
            "aurora-general",
            platform.sha256(),
            platform.signature(),
            null,
            card);
    when(registry.version(eq(SHARED), anyString(), anyString()))
        .thenAnswer(
            call -> "aurora-general".equals(tenantOf(call.getArgument(2))) ? aurora : platform);
    when(registry.artifact(eq(platform.sha256()), anyString())).thenReturn(onnx);
    when(registry.version(eq(STAGED), anyString(), anyString()))
        .thenAnswer(
            call -> {
              String stage = call.getArgument(1);
              if (!"aurora-general".equals(tenantOf(call.getArgument(2)))) {
                throw ProblemException.notFound("Model");
              }
              return new ModelVersionInfo(
                  STAGED,
                  stage.equals("draft") ? "2" : stage.equals("archived") ? "3" : "1",
                  stage,
                  "aurora-general",
                  platform.sha256(),
                  platform.signature(),
                  null,
                  DemoPack.card(DEMO));
            });
    request = Files.readString(DemoPack.dir(DEMO).resolve("example-request.json"));
  }

  private static String tenantOf(String token) throws IOException {
    return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]))
        .path("tenant")
        .asText();
  }

  private static io.restassured.specification.RequestSpecification as(String tenant, String role) {
    return given()
        .auth()
        .oauth2(
            InternalTokens.entitled(tenant, java.util.List.of(SHARED, DEMO), "user." + role, role))
        .contentType(ContentType.JSON);
  }

  @Test
  void eachOwnerIsDecodedWithItsOwnCardWhicheverLoadedFirst() {
    String auroraRequest = request.replace("\"mean_radius\"", "\"aurora_only_radius\"");
    as("aurora-general", "clinician")
        .body(auroraRequest)
        .post("/internal/models/" + SHARED + "/predict")
        .then()
        .statusCode(200);
    as("cedar-valley", "clinician")
        .body(request)
        .post("/internal/models/" + SHARED + "/predict")
        .then()
        .statusCode(200);
    // each owner's card is the one that names the missing feature, never the other's
    as("cedar-valley", "clinician")
        .body(auroraRequest)
        .post("/internal/models/" + SHARED + "/predict")
        .then()
        .statusCode(422)
        .body("errors", org.hamcrest.Matchers.hasItem("instances[0].mean_radius: missing"))
        .body(not(containsString("aurora_only_radius")));
    as("aurora-general", "clinician")
        .body(request)
        .post("/internal/models/" + SHARED + "/predict")
        .then()
        .statusCode(422)
        .body("errors", org.hamcrest.Matchers.hasItem("instances[0].aurora_only_radius: missing"));
  }

  @Test
  void aDraftIsNotServedToCliniciansButToItsOwnersPublishersAndAdmins() {
    for (String role : new String[] {"clinician", "clinical-system"}) {
      as("aurora-general", role)
          .body(request)
          .post("/internal/models/" + STAGED + "/versions/draft/predict")
          .then()
          .statusCode(404)
          .body(
              "detail",
              equalTo(
                  "Version 2 of model 'staged-model' is a draft: only its owner's publishers and"
                      + " admins may use it until it is staged"));
      as("aurora-general", role)
          .get("/v2/models/" + STAGED + "/versions/draft")
          .then()
          .statusCode(404)
          .body("error", containsString("is a draft"));
    }
    for (String role : new String[] {"model-publisher", "hospital-admin"}) {
      as("aurora-general", role)
          .body(request)
          .post("/internal/models/" + STAGED + "/versions/draft/predict")
          .then()
          .statusCode(200)
          .header("X-Model-Version", "2");
    }
    as("aurora-general", "clinician")
        .body(request)
        .post("/internal/models/" + STAGED + "/versions/staging/predict")
        .then()
        .statusCode(200);
  }

  @Test
  void aPlatformModelStopsServingAsSoonAsTheTokenNoLongerEntitlesIt() {
    // cedar's first request resolves and caches the platform version
    as("cedar-valley", "clinician")
        .body(request)
        .post("/internal/models/" + SHARED + "/predict")
        .then()
        .statusCode(200);
    // the entitlement is withdrawn: the gateway's next token for cedar no longer lists it
    given()
        .auth()
        .oauth2(
            InternalTokens.entitled(
                "cedar-valley", java.util.List.of(DEMO), "user.clinician", "clinician"))
        .contentType(ContentType.JSON)
        .body(request)
        .post("/internal/models/" + SHARED + "/predict")
        .then()
        .statusCode(404)
        .body(not(containsString(SHARED)));
  }

  @Test
  void anArchivedVersionIsServedToNobody() {
    for (String role : new String[] {"clinician", "model-publisher", "hospital-admin"}) {
      as("aurora-general", role)
          .body(request)
          .post("/internal/models/" + STAGED + "/versions/archived/predict")
          .then()
          .statusCode(404)
          .body("detail", containsString("archived"));
    }
  }
}
