package io.medmaas.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * Explanation properties on the real demo models: Shapley attributions add up to prediction minus
 * baseline prediction (tolerance 1e-4 × max(1, |prediction|)), are sorted and signed, are
 * deterministic for a seed, and stay within the budget; the image, sequence and anomaly models
 * explain in their own terms.
 */
@QuarkusTest
@WithTestResource(InternalTrustResource.class)
class ExplanationTest extends ServedDemoPack {

  private static JsonNode explanation(String model, JsonNode instance, String extra) {
    String body = "{\"explain\":true" + extra + ",\"instances\":[" + instance + "]}";
    String answer =
        given()
            .auth()
            .oauth2(clinician())
            .contentType(ContentType.JSON)
            .body(body)
            .post("/internal/models/" + model + "/predict")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    try {
      return JSON.readTree(answer).path("predictions").get(0).path("explanation");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ObjectNode cancerCase(int example) throws Exception {
    JsonNode examples =
        JSON.readTree(DemoPack.dir("breast-cancer-diagnosis").resolve("examples.json").toFile());
    return (ObjectNode) examples.get(example).get("instance");
  }

  private static void assertEfficient(JsonNode explanation) {
    double sum = 0;
    for (JsonNode attribution : explanation.path("attributions")) {
      sum += attribution.path("contribution").asDouble();
    }
    double prediction = explanation.path("prediction").asDouble();
    double expected = prediction - explanation.path("baseline").asDouble();
    double tolerance = 1e-4 * Math.max(1, Math.abs(prediction));
    assertEquals(expected, sum, tolerance, "attributions must add up to prediction - baseline");
  }

  private static void assertSortedAndSigned(JsonNode attributions) {
    double previous = Double.MAX_VALUE;
    for (JsonNode attribution : attributions) {
      double value = attribution.path("contribution").asDouble();
      assertTrue(Math.abs(value) <= previous + 1e-12, "sorted by magnitude");
      previous = Math.abs(value);
      String direction = attribution.path("direction").asText();
      assertEquals(value > 0 ? "raises" : value < 0 ? "lowers" : "none", direction);
    }
  }

  @Test
  void classifierAttributionsAddUpAndAreSortedWithDirection() throws Exception {
    for (int example : new int[] {0, 1}) {
      JsonNode explanation = explanation("breast-cancer-diagnosis", cancerCase(example), "");
      assertEquals("sampling-shapley", explanation.path("method").asText());
      assertEquals(30, explanation.path("attributions").size());
      assertEfficient(explanation);
      assertSortedAndSigned(explanation.path("attributions"));
      assertTrue(explanation.path("cost").path("evaluations").asInt() <= 1024);
    }
  }

  @Test
  void regressorAttributionsAddUpInTheOutputUnit() throws Exception {
    JsonNode explanation =
        explanation("diabetes-progression", diabetesInstance(3), ",\"explainBudget\":200");
    assertEquals(10, explanation.path("attributions").size());
    assertEfficient(explanation);
    assertTrue(explanation.path("cost").path("evaluations").asInt() <= 200);
    assertEquals(200, explanation.path("cost").path("budget").asInt());
  }

  @Test
  void sameSeedSameExplanationOtherSeedOtherSample() throws Exception {
    ObjectNode instance = diabetesInstance(5);
    JsonNode first = explanation("diabetes-progression", instance, ",\"seed\":7");
    JsonNode again = explanation("diabetes-progression", instance, ",\"seed\":7");
    JsonNode other =
        explanation("diabetes-progression", instance, ",\"seed\":8,\"explainBudget\":22");
    ((ObjectNode) first.path("cost")).remove("millis");
    ((ObjectNode) again.path("cost")).remove("millis");
    assertEquals(first, again);
    assertNotEquals(first.path("attributions"), other.path("attributions"));
    assertEfficient(other);
  }

  @Test
  void imageExplanationIsAnOcclusionGrid() throws Exception {
    JsonNode explanation = explanation("lesion-classifier", jsonRecord("lesion-classifier", 2), "");
    assertEquals("occlusion", explanation.path("method").asText());
    JsonNode saliency = explanation.path("saliency");
    assertEquals(8, saliency.path("rows").asInt());
    assertEquals(8, saliency.path("grid").size());
    assertEquals(8, saliency.path("grid").get(0).size());
    assertEquals(64, explanation.path("cost").path("evaluations").asInt());
    JsonNode coarse =
        explanation(
            "lesion-classifier", jsonRecord("lesion-classifier", 2), ",\"explainBudget\":16");
    assertEquals(4, coarse.path("saliency").path("grid").size());
    assertEquals(16, coarse.path("saliency").path("cellSize").asInt());
  }

  @Test
  void sequenceExplanationRanksEveryVisit() throws Exception {
    ObjectNode patient = null;
    for (int i = 0; patient == null; i++) {
      ObjectNode candidate = jsonRecord("pbc-progression", i);
      if (candidate.path("visits").size() >= 3) {
        patient = candidate;
      }
    }
    JsonNode explanation = explanation("pbc-progression", patient, "");
    assertEquals("leave-one-visit-out", explanation.path("method").asText());
    assertEquals(patient.path("visits").size(), explanation.path("visits").size());
    assertEquals(0, explanation.path("visits").get(0).path("index").asInt());
  }

  @Test
  void anomalySharesAddUpToTheScore() throws Exception {
    JsonNode explanation = explanation("breast-anomaly", anomalyInstance(1), "");
    assertEquals("reconstruction-error", explanation.path("method").asText());
    assertEfficient(explanation);
    assertEquals(30, explanation.path("attributions").size());
  }

  @Test
  void budgetAboveTheBoundIsA400() throws Exception {
    given()
        .auth()
        .oauth2(clinician())
        .contentType(ContentType.JSON)
        .body(
            "{\"explain\":true,\"explainBudget\":100000,\"instances\":["
                + diabetesInstance(0)
                + "]}")
        .post("/internal/models/diabetes-progression/predict")
        .then()
        .statusCode(400)
        .body("detail", containsString("from 1 to 1024"));
  }
}
