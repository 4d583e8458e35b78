package io.medmaas.inference;

import static io.restassured.RestAssured.given;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medmaas.inference.registry.ModelVersionInfo;
import io.medmaas.inference.registry.RegistryClient;
import io.medmaas.testing.InternalTokens;
import io.quarkus.test.InjectMock;
import io.restassured.http.ContentType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;

/** Test base: the registry seam serves the committed demo pack; everything else is real. */
abstract class ServedDemoPack {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String[] PACK = {
    "breast-cancer-diagnosis",
    "diabetes-progression",
    "pbc-progression",
    "lesion-classifier",
    "breast-anomaly"
  };

  @InjectMock RegistryClient registry;

  @BeforeEach
  void registryServesTheDemoPack() {
    for (String name : PACK) {
      ModelVersionInfo info = DemoPack.info(name, "platform");
      when(registry.version(eq(name), anyString(), anyString())).thenReturn(info);
      when(registry.artifact(eq(info.sha256()), anyString())).thenReturn(DemoPack.onnx(name));
    }
  }

  static String clinician() {
    return InternalTokens.forTenant("aurora-general", "dr.ada", "clinician");
  }

  static ObjectNode diabetesInstance(int row) throws Exception {
    String[] header =
        Files.readAllLines(DemoPack.dir("diabetes-progression").resolve("validation.csv"))
            .get(0)
            .split(",");
    String[] values =
        Files.readAllLines(DemoPack.dir("diabetes-progression").resolve("validation.csv"))
            .get(row + 1)
            .split(",");
    ObjectNode instance = JSON.createObjectNode();
    for (int i = 0; i < 10; i++) {
      instance.put(header[i], Double.parseDouble(values[i]));
    }
    return instance;
  }

  /** A validation record of a JSON validation set without its label: an instance. */
  static ObjectNode jsonRecord(String model, int index) throws Exception {
    JsonNode records = JSON.readTree(DemoPack.dir(model).resolve("validation.json").toFile());
    ObjectNode record = (ObjectNode) records.get(index).deepCopy();
    record.remove("label");
    return record;
  }

  static ObjectNode anomalyInstance(int row) throws Exception {
    java.util.List<String> lines =
        Files.readAllLines(DemoPack.dir("breast-anomaly").resolve("validation.csv"));
    String[] header = lines.get(0).split(",");
    String[] values = lines.get(row + 1).split(",");
    ObjectNode instance = JSON.createObjectNode();
    for (int i = 0; i < 30; i++) {
      instance.put(header[i], Double.parseDouble(values[i]));
    }
    return instance;
  }

  static String body(JsonNode... instances) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("instances").addAll(java.util.List.of(instances));
    return body.toString();
  }

  static io.restassured.response.ValidatableResponse predict(String model, String body) {
    return given()
        .auth()
        .oauth2(clinician())
        .contentType(ContentType.JSON)
        .body(body)
        .post("/internal/models/" + model + "/predict")
        .then();
  }

  static String png(JsonNode rows) throws Exception {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        image.getRaster().setSample(x, y, 0, rows.get(y).get(x).asInt());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }
}
