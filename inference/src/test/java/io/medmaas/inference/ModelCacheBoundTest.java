package io.medmaas.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The loaded-model bound: over it, the least recently used version that no alias serves is
 * unloaded; versions serving an alias stay loaded.
 */
@QuarkusTest
@TestProfile(ModelCacheBoundTest.TinyCache.class)
@WithTestResource(InternalTrustResource.class)
class ModelCacheBoundTest extends ServedDemoPack {

  /** A bound every model exceeds. */
  public static class TinyCache implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("medmaas.inference.cache.max-bytes", "1");
    }
  }

  private static void state(String path, String expected) {
    given()
        .auth()
        .oauth2(clinician())
        .get("/internal/models/" + path + "/metadata")
        .then()
        .statusCode(200)
        .body("state", equalTo(expected));
  }

  @Test
  void leastRecentlyUsedPinnedVersionGoesAliasServingVersionsStay() throws Exception {
    predict("diabetes-progression/versions/1", body(diabetesInstance(0))).statusCode(200);
    state("diabetes-progression/versions/1", "ready");
    predict("breast-anomaly", body(anomalyInstance(0))).statusCode(200); // production alias
    long end = System.currentTimeMillis() + 10_000;
    String now = "ready";
    while (!now.equals("not-loaded") && System.currentTimeMillis() < end) {
      now =
          given()
              .auth()
              .oauth2(clinician())
              .get("/internal/models/diabetes-progression/versions/1/metadata")
              .then()
              .extract()
              .path("state");
      Thread.sleep(50);
    }
    state("diabetes-progression/versions/1", "not-loaded");
    state("breast-anomaly", "ready");
    predict("breast-anomaly", body(anomalyInstance(1))).statusCode(200);
    // the unloaded version loads again on its next request
    predict("diabetes-progression/versions/1", body(diabetesInstance(1))).statusCode(200);
  }
}
