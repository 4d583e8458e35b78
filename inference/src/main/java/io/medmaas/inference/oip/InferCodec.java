package io.medmaas.inference.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medmaas.inference.engine.Signature;
import io.medmaas.inference.engine.Signature.Port;
import io.medmaas.inference.engine.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes Open Inference Protocol v2 infer messages: JSON tensors, and the binary tensor
 * data extension (a JSON header of {@code Inference-Header-Content-Length} bytes followed by the
 * raw little-endian tensors, in input order, each {@code parameters.binary_data_size} bytes).
 */
final class InferCodec {
  /** The tensor datatypes of the Open Inference Protocol. */
  private static final Set<String> OIP_DATATYPES =
      Set.of(
          "BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16",
          "FP32", "FP64", "BYTES");

  static final String HEADER_LENGTH = "Inference-Header-Content-Length";
  private static final int FP32_BYTES = 4;

  /** Most values one input may hold (64 MiB of FP32), checked before anything is allocated. */
  private static final long MAX_VALUES = 16L << 20;

  private final ObjectMapper json;

  InferCodec(ObjectMapper json) {
    this.json = json;
  }

  /** Decodes a request body against the model's signature. */
  InferRequest decode(byte[] body, String headerLength, Signature signature, int maxRows) {
    int jsonLength = headerLength == null ? body.length : jsonLength(headerLength);
    if (jsonLength < 0 || jsonLength > body.length) {
      throw OipError.badRequest(HEADER_LENGTH + " is larger than the request body");
    }
    JsonNode request;
    try {
      request = json.readTree(body, 0, jsonLength);
    } catch (IOException e) {
      throw OipError.badRequest("The request header is not valid JSON");
    }
    if (request == null || !request.isObject()) {
      throw OipError.badRequest("The request must be a JSON object");
    }
    JsonNode inputs = request.get("inputs");
    if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
      throw OipError.badRequest("'inputs' must be a non-empty array");
    }
    ByteBuffer binary = ByteBuffer.wrap(body, jsonLength, body.length - jsonLength);
    binary.order(ByteOrder.LITTLE_ENDIAN);
    Map<String, Tensor> byName = new HashMap<>();
    for (JsonNode input : inputs) {
      Tensor tensor = input(input, signature, binary, maxRows);
      if (byName.put(tensor.name(), tensor) != null) {
        throw OipError.badRequest("Input '" + tensor.name() + "' is given twice");
      }
    }
    if (binary.hasRemaining()) {
      throw OipError.badRequest(
          "The binary data is longer than the inputs' binary_data_size values add up to");
    }
    List<Tensor> ordered = new ArrayList<>();
    long rows = -1;
    for (Port port : signature.inputs()) {
      Tensor tensor = byName.get(port.name());
      if (tensor == null) {
        throw OipError.badRequest("Input '" + port.name() + "' is missing");
      }
      if (rows >= 0 && tensor.shape()[0] != rows) {
        throw OipError.badRequest("All inputs must have the same batch size");
      }
      rows = tensor.shape()[0];
      ordered.add(tensor);
    }
    if (rows < 1 || rows > maxRows) {
      throw OipError.badRequest("The batch size must be from 1 to " + maxRows);
    }
    return outputs(request, signature, ordered);
  }

  private InferRequest outputs(JsonNode request, Signature signature, List<Tensor> inputs) {
    boolean allBinary = request.path("parameters").path("binary_data_output").asBoolean(false);
    List<String> outputs = new ArrayList<>();
    Set<String> binary = new HashSet<>();
    JsonNode requested = request.path("outputs");
    if (!requested.isMissingNode() && !requested.isArray()) {
      throw OipError.badRequest("'outputs' must be an array");
    }
    for (JsonNode output : requested) {
      String name = output.path("name").asText("");
      if (signature.output(name) == null) {
        throw OipError.badRequest(
            "Unknown output: the model's outputs are "
                + String.join(", ", signature.outputNames()));
      }
      outputs.add(name);
      if (output.path("parameters").path("binary_data").asBoolean(false)) {
        binary.add(name);
      }
    }
    JsonNode id = request.get("id");
    if (id != null && !id.isTextual()) {
      throw OipError.badRequest("'id' must be a string");
    }
    return new InferRequest(
        id == null ? null : id.asText(), inputs, List.copyOf(outputs), binary, allBinary);
  }

  private Tensor input(JsonNode input, Signature signature, ByteBuffer binary, int maxRows) {
    String name = input.path("name").asText("");
    Port port = signature.input(name);
    if (port == null) {
      throw OipError.badRequest(
          "Unknown input: the model's inputs are "
              + String.join(", ", signature.inputs().stream().map(Port::name).toList()));
    }
    String datatype = input.path("datatype").asText("");
    if (!datatype.equals(port.datatype())) {
      throw OipError.badRequest(
          "Input '"
              + name
              + "' has datatype "
              + (OIP_DATATYPES.contains(datatype) ? datatype : "<unrecognised>")
              + "; the model expects "
              + port.datatype());
    }
    long[] shape = shape(input.get("shape"), port);
    if (shape.length == 0 || shape[0] < 1 || shape[0] > maxRows) {
      throw OipError.badRequest("The batch size must be from 1 to " + maxRows);
    }
    long count = 1;
    for (long dim : shape) {
      count *= dim;
      if (count > MAX_VALUES) {
        throw OipError.badRequest(
            "Input '" + name + "' is too large: at most " + MAX_VALUES + " values");
      }
    }
    JsonNode size = input.path("parameters").path("binary_data_size");
    float[] data =
        size.isMissingNode()
            ? jsonData(input.get("data"), (int) count, name)
            : binaryData(binary, size, (int) count, name);
    return new Tensor(name, shape, data);
  }

  private static long[] shape(JsonNode node, Port port) {
    if (node == null || !node.isArray()) {
      throw OipError.badRequest("Input '" + port.name() + "' needs a 'shape' array");
    }
    if (node.size() != port.shape().length) {
      throw OipError.badRequest(
          "Input '" + port.name() + "' must have " + port.shape().length + " dimensions");
    }
    long[] shape = new long[node.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode dim = node.get(i);
      if (!dim.canConvertToLong() || !dim.isIntegralNumber() || dim.asLong() < 0) {
        throw OipError.badRequest("Input '" + port.name() + "' has an invalid shape");
      }
      shape[i] = dim.asLong();
      long expected = port.shape()[i];
      if (expected >= 0 && shape[i] != expected) {
        throw OipError.badRequest(
            "Input '" + port.name() + "' dimension " + i + " must be " + expected);
      }
    }
    return shape;
  }

  private static float[] jsonData(JsonNode data, int count, String name) {
    if (data == null || !data.isArray()) {
      throw OipError.badRequest("Input '" + name + "' needs 'data' (or binary data)");
    }
    float[] values = new float[count];
    int[] at = {0};
    flatten(data, values, at, name);
    if (at[0] != count) {
      throw OipError.badRequest(
          "Input '" + name + "' has " + at[0] + " values; its shape needs " + count);
    }
    return finite(values, name);
  }

  private static void flatten(JsonNode array, float[] values, int[] at, String name) {
    for (JsonNode element : array) {
      if (element.isArray()) {
        flatten(element, values, at, name);
      } else if (element.isNumber()) {
        if (at[0] < values.length) {
          values[at[0]] = (float) element.asDouble();
        }
        at[0]++;
      } else {
        throw OipError.badRequest("Input '" + name + "' data must be numbers (FP32)");
      }
    }
  }

  private static float[] binaryData(ByteBuffer binary, JsonNode size, int count, String name) {
    if (!size.isIntegralNumber() || size.asLong() != (long) count * FP32_BYTES) {
      throw OipError.badRequest(
          "Input '"
              + name
              + "' binary_data_size must be "
              + count * FP32_BYTES
              + " bytes for its shape and datatype");
    }
    if (binary.remaining() < count * FP32_BYTES) {
      throw OipError.badRequest("The binary data is shorter than input '" + name + "' needs");
    }
    float[] values = new float[count];
    binary.asFloatBuffer().get(values);
    binary.position(binary.position() + count * FP32_BYTES);
    return finite(values, name);
  }

  /** FP32 values only: a JSON number past FP32's range, NaN or an infinity is refused. */
  private static float[] finite(float[] values, String name) {
    for (float value : values) {
      if (!Float.isFinite(value)) {
        throw OipError.badRequest(
            "Input '" + name + "' has a value that is not a finite FP32 number");
      }
    }
    return values;
  }

  /** The response body and, when any output is binary, the JSON header's length. */
  record Encoded(byte[] body, Integer headerLength) {}

  Encoded encode(
      String model, String version, InferRequest request, Signature signature, List<Tensor> out) {
    ObjectNode response = json.createObjectNode();
    response.put("model_name", model);
    response.put("model_version", version);
    if (request.id() != null) {
      response.put("id", request.id());
    }
    ArrayNode outputs = response.putArray("outputs");
    ByteArrayOutputStream binary = new ByteArrayOutputStream();
    List<String> wanted = request.outputs().isEmpty() ? signature.outputNames() : request.outputs();
    for (String name : wanted) {
      Tensor tensor = out.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
      ObjectNode output = outputs.addObject();
      output.put("name", name);
      output.put("datatype", "FP32");
      ArrayNode shape = output.putArray("shape");
      for (long dim : tensor.shape()) {
        shape.add(dim);
      }
      if (request.allBinary() || request.binaryOutputs().contains(name)) {
        ByteBuffer bytes =
            ByteBuffer.allocate(tensor.data().length * FP32_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(tensor.data());
        binary.writeBytes(bytes.array());
        output.putObject("parameters").put("binary_data_size", bytes.capacity());
      } else {
        ArrayNode data = output.putArray("data");
        for (float value : tensor.data()) {
          data.add(value);
        }
      }
    }
    byte[] header = response.toString().getBytes(StandardCharsets.UTF_8);
    if (binary.size() == 0) {
      return new Encoded(header, null);
    }
    byte[] body = new byte[header.length + binary.size()];
    System.arraycopy(header, 0, body, 0, header.length);
    System.arraycopy(binary.toByteArray(), 0, body, header.length, binary.size());
    return new Encoded(body, header.length);
  }

  private static int jsonLength(String header) {
    try {
      return Integer.parseInt(header.trim());
    } catch (NumberFormatException e) {
      throw OipError.badRequest(HEADER_LENGTH + " must be a whole number of bytes");
    }
  }
}
