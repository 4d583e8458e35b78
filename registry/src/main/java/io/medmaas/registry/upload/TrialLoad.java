package io.medmaas.registry.upload;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The child process of a trial load: loads one ONNX file in ONNX Runtime and prints its signature
 * as one JSON line. It runs in its own JVM under a memory cap and a time limit ({@link
 * TrialLoader}), so a file built to exhaust memory or time at load harms only this process. It
 * prints nothing of the file but names, types and shapes.
 */
public final class TrialLoad {

  private TrialLoad() {}

  public static void main(String[] args) throws Exception {
    byte[] model = Files.readAllBytes(Path.of(args[0]));
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      try (OrtSession session = env.createSession(model, options)) {
        System.out.println(
            "{\"inputs\":"
                + describe(session.getInputInfo())
                + ",\"outputs\":"
                + describe(session.getOutputInfo())
                + "}");
      }
    } catch (OrtException e) {
      System.out.println("{\"error\":\"ONNX Runtime cannot load the model\"}");
      System.exit(2);
    }
    System.exit(0);
  }

  private static String describe(Map<String, NodeInfo> nodes) {
    return nodes.values().stream()
        .map(TrialLoad::describe)
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static String describe(NodeInfo node) {
    ValueInfo info = node.getInfo();
    String type = "other";
    String shape = "null";
    if (info instanceof TensorInfo tensor) {
      type = tensor.type.toString().toLowerCase();
      shape = Arrays.toString(tensor.getShape()).replace(" ", "");
    }
    return "{\"name\":\""
        + escape(node.getName())
        + "\",\"type\":\""
        + type
        + "\",\"shape\":"
        + shape
        + "}";
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
