package io.medmaas.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Every family of the committed demo pack through the native JSON API, on real ONNX Runtime. */
@QuarkusTest
@WithTestResource(InternalTrustResource.class)
class ModelFamiliesTest extends ServedDemoPack {

  @Test
  void regressorAnswersAValueWithoutALabel() throws Exception {
    predict("diabetes-progression", body(diabetesInstance(0)))
        .statusCode(200)
        .body("predictions[0].value", both(greaterThan(20f)).and(lessThan(350f)))
        .body("predictions[0].label", nullValue());
  }

  @Test
  void valueOutsideThePlausibleRangeIsA422NamingFeatureAndRange() throws Exception {
    ObjectNode instance = diabetesInstance(0).put("age", 7);
    predict("diabetes-progression", body(instance))
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors", hasItem("instances[0].age: outside the plausible range [18, 90] years"));
  }

  @Test
  void sequenceModelTakesVisitsOldestFirst() throws Exception {
    ObjectNode patient = jsonRecord("pbc-progression", 0);
    predict("pbc-progression", body(patient, jsonRecord("pbc-progression", 1)))
        .statusCode(200)
        .body("predictions", hasSize(2))
        .body("predictions[0].label", notNullValue())
        .body("predictions[0].probability", both(greaterThan(0.49f)).and(lessThan(1.01f)));
  }

  @Test
  void sequenceWithoutVisitsIsA422() {
    predict("pbc-progression", "{\"instances\":[{\"visits\":[]}]}")
        .statusCode(422)
        .body("errors[0]", containsString("instances[0].visits"));
  }

  @Test
  void imageModelTakesGreyLevelsOrAPng() throws Exception {
    ObjectNode pixels = jsonRecord("lesion-classifier", 0);
    String viaPixels =
        predict("lesion-classifier", body(pixels))
            .statusCode(200)
            .extract()
            .path("predictions[0].label");
    ObjectNode png = JSON.createObjectNode().put("png", png(pixels.get("pixels")));
    predict("lesion-classifier", body(png))
        .statusCode(200)
        .body("predictions[0].label", equalTo(viaPixels));
  }

  @Test
  void imageOfTheWrongSizeIsA422() throws Exception {
    predict("lesion-classifier", "{\"instances\":[{\"pixels\":[[1,2],[3,4]]}]}")
        .statusCode(422)
        .body("errors[0]", containsString("64 rows of 64 grey levels"));
    BufferedImage small = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(small, "png", out);
    String encoded = Base64.getEncoder().encodeToString(out.toByteArray());
    predict("lesion-classifier", "{\"instances\":[{\"png\":\"" + encoded + "\"}]}")
        .statusCode(422)
        .body("errors[0]", containsString("must be 64x64 pixels"));
  }

  @Test
  void anomalyDetectorGivesScoreFlagAndEmbedding() throws Exception {
    predict("breast-anomaly", body(anomalyInstance(0)))
        .statusCode(200)
        .body("predictions[0].score", greaterThan(0f))
        .body("predictions[0].unusual", notNullValue())
        .body("predictions[0].embedding", hasSize(4));
  }

  @Test
  void versionMetadataShowsSignatureCardAndServingState() {
    given()
        .auth()
        .oauth2(clinician())
        .get("/internal/models/pbc-progression/metadata")
        .then()
        .statusCode(200)
        .body("signature.inputs[0].name", equalTo("visits"))
        .body("signature.inputs[0].shape", contains(-1, -1, 12))
        .body("card.task", equalTo("sequence-binary-classification"))
        .body("card.notForClinicalUse", notNullValue())
        .body("card.limitations", notNullValue())
        .body("card.biases", org.hamcrest.Matchers.containsString("women"))
        .body("state", org.hamcrest.Matchers.oneOf("not-loaded", "loading", "ready"));
  }
}
