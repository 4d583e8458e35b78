package io.medmaas.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medmaas.common.digest.Sha256;
import io.medmaas.inference.registry.ModelVersionInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The committed demo model pack as the registry would describe it: card, artifact digest and the
 * signature ONNX Runtime reports (derived here the way the registry derives it at upload).
 */
public final class DemoPack {

  public static final Path MODELS = Path.of(System.getProperty("user.dir"), "..", "models");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoPack() {}

  public static Path dir(String model) {
    return MODELS.resolve(model).resolve("1");
  }

  public static byte[] onnx(String model) {
    try {
      return Files.readAllBytes(dir(model).resolve("model.onnx"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode card(String model) {
    try {
      return JSON.readTree(dir(model).resolve("card.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ModelVersionInfo info(String model, String owner) {
    return info(model, owner, model);
  }

  /** The demo model {@code model} registered as {@code name} by {@code owner}, version 1. */
  public static ModelVersionInfo info(String model, String owner, String name) {
    byte[] onnx = onnx(model);
    return new ModelVersionInfo(
        name, "1", "production", owner, Sha256.hex(onnx), signature(onnx), null, card(model));
  }

  static JsonNode signature(byte[] onnx) {
    ai.djl.engine.Engine.getEngine("OnnxRuntime");
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
      ObjectNode signature = JSON.createObjectNode();
      ports(signature.putArray("inputs"), session.getInputInfo());
      ports(signature.putArray("outputs"), session.getOutputInfo());
      return signature;
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void ports(ArrayNode array, Map<String, NodeInfo> infos) {
    for (NodeInfo info : infos.values()) {
      TensorInfo tensor = (TensorInfo) info.getInfo();
      ObjectNode port = array.addObject();
      port.put("name", info.getName());
      port.put("type", tensor.type.toString().toLowerCase());
      ArrayNode shape = port.putArray("shape");
      for (long dim : tensor.getShape()) {
        shape.add(dim);
      }
    }
  }
}
