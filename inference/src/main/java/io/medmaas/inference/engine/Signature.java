package io.medmaas.inference.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model version's inputs and outputs as ONNX Runtime reported them at upload (the registry stores
 * them), shapes with -1 for dynamic dimensions.
 */
public record Signature(List<Port> inputs, List<Port> outputs) {

  /** One input or output: name, ONNX element type in lower case ("float") and shape. */
  public record Port(String name, String type, long[] shape) {

    /** The Open Inference Protocol datatype, e.g. FP32. */
    public String datatype() {
      return switch (type) {
        case "float" -> "FP32";
        case "double" -> "FP64";
        case "int8" -> "INT8";
        case "int16" -> "INT16";
        case "int32" -> "INT32";
        case "int64" -> "INT64";
        case "uint8" -> "UINT8";
        case "bool" -> "BOOL";
        case "string" -> "BYTES";
        default -> type.toUpperCase();
      };
    }
  }

  /** Whether every input and output is FP32, the only type this engine moves. */
  public boolean allFloat() {
    return inputs.stream().allMatch(p -> "float".equals(p.type()))
        && outputs.stream().allMatch(p -> "float".equals(p.type()));
  }

  /** One all-zero instance for every input (dynamic dimensions as 1): a warm-up batch. */
  public List<Tensor> zeroInputs() {
    List<Tensor> tensors = new ArrayList<>();
    for (Port port : inputs) {
      long[] shape = port.shape().clone();
      long count = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shape[i] < 1 ? 1 : shape[i];
        count *= shape[i];
      }
      tensors.add(new Tensor(port.name(), shape, new float[(int) count]));
    }
    return tensors;
  }

  public List<String> outputNames() {
    return outputs.stream().map(Port::name).toList();
  }

  public Port input(String name) {
    return inputs.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }

  public Port output(String name) {
    return outputs.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }

  /** The signature the registry recorded at upload, if it recorded one. */
  public static java.util.Optional<Signature> recorded(JsonNode signature) {
    if (signature == null || !signature.path("inputs").isArray()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(parse(signature));
  }

  /**
   * Read from the ONNX file with ONNX Runtime, for versions recorded without one (the digest has
   * been checked, and the registry trial-loaded the file before accepting it).
   */
  public static Signature derive(byte[] onnx) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = environment.createSession(onnx, options)) {
      return new Signature(ports(session.getInputInfo()), ports(session.getOutputInfo()));
    } catch (OrtException e) {
      throw new ProblemException(ProblemType.UNAVAILABLE, "The model could not be loaded");
    }
  }

  private static List<Port> ports(Map<String, NodeInfo> nodes) {
    List<Port> ports = new ArrayList<>();
    for (NodeInfo node : nodes.values()) {
      if (node.getInfo() instanceof TensorInfo tensor) {
        ports.add(
            new Port(node.getName(), tensor.type.toString().toLowerCase(), tensor.getShape()));
      } else {
        ports.add(new Port(node.getName(), "other", new long[0]));
      }
    }
    return List.copyOf(ports);
  }

  /** From the registry's stored signature. */
  public static Signature parse(JsonNode signature) {
    return new Signature(ports(signature.path("inputs")), ports(signature.path("outputs")));
  }

  private static List<Port> ports(JsonNode array) {
    List<Port> ports = new ArrayList<>();
    for (JsonNode port : array) {
      JsonNode dims = port.path("shape");
      long[] shape = new long[dims.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = dims.get(i).asLong(-1);
      }
      ports.add(new Port(port.path("name").asText(), port.path("type").asText("float"), shape));
    }
    return List.copyOf(ports);
  }
}
