package io.medmaas.registry.upload;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads an ONNX file's protobuf structure without loading it: the IR version, the operator domains
 * and every tensor's data location. It follows the field numbers of onnx.proto and skips everything
 * else, so a hostile file cannot make it allocate more than the file's own size.
 */
public final class OnnxInspector {

  // onnx.proto field numbers
  private static final int MODEL_IR_VERSION = 1;
  private static final int MODEL_GRAPH = 7;
  private static final int MODEL_OPSET_IMPORT = 8;
  private static final int MODEL_FUNCTIONS = 25;
  private static final int OPSET_DOMAIN = 1;
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_SPARSE_INITIALIZER = 15;
  private static final int NODE_ATTRIBUTE = 5;
  private static final int NODE_DOMAIN = 7;
  private static final int ATTRIBUTE_TENSOR = 5;
  private static final int ATTRIBUTE_GRAPH = 6;
  private static final int ATTRIBUTE_TENSORS = 10;
  private static final int ATTRIBUTE_GRAPHS = 11;
  private static final int ATTRIBUTE_SPARSE_TENSOR = 22;
  private static final int ATTRIBUTE_SPARSE_TENSORS = 23;
  private static final int SPARSE_VALUES = 1;
  private static final int SPARSE_INDICES = 2;
  private static final int TENSOR_EXTERNAL_DATA = 13;
  private static final int TENSOR_DATA_LOCATION = 14;
  private static final int FUNCTION_NODE = 7;
  private static final int FUNCTION_OPSET_IMPORT = 9;
  private static final int EXTERNAL = 1;
  private static final int MAX_DEPTH = 32;

  private long irVersion;
  private boolean hasGraph;
  private int nodes;
  private int external;
  private final Set<String> domains = new HashSet<>();

  private OnnxInspector() {}

  /** Inspects the file, or throws {@link NotOnnxException} if it is not an ONNX model. */
  public static OnnxInspection inspect(byte[] file) {
    OnnxInspector inspector = new OnnxInspector();
    try {
      CodedInputStream in = CodedInputStream.newInstance(file);
      in.setRecursionLimit(MAX_DEPTH * 2);
      inspector.model(in);
    } catch (IOException | RuntimeException e) {
      throw new NotOnnxException();
    }
    if (inspector.irVersion <= 0 || !inspector.hasGraph || inspector.nodes == 0) {
      throw new NotOnnxException();
    }
    return new OnnxInspection(
        inspector.irVersion, Set.copyOf(inspector.domains), inspector.external, inspector.nodes);
  }

  /** Thrown when a file does not have the structure of an ONNX model. */
  public static final class NotOnnxException extends RuntimeException {
    NotOnnxException() {
      super("not an ONNX model", null, false, false);
    }
  }

  private void model(CodedInputStream in) throws IOException {
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return;
      }
      switch (WireFormat.getTagFieldNumber(tag)) {
        case MODEL_IR_VERSION -> irVersion = in.readInt64();
        case MODEL_GRAPH -> {
          hasGraph = true;
          nested(in, 0, this::graph);
        }
        case MODEL_OPSET_IMPORT -> nested(in, 0, (s, d) -> opset(s));
        case MODEL_FUNCTIONS -> nested(in, 0, this::function);
        default -> in.skipField(tag);
      }
    }
  }

  private void function(CodedInputStream in, int depth) throws IOException {
    fields(
        in,
        (field, tag) -> {
          switch (field) {
            case FUNCTION_NODE -> nested(in, depth + 1, this::node);
            case FUNCTION_OPSET_IMPORT -> nested(in, depth + 1, (s, d) -> opset(s));
            default -> in.skipField(tag);
          }
        });
  }

  private void opset(CodedInputStream in) throws IOException {
    fields(
        in,
        (field, tag) -> {
          if (field == OPSET_DOMAIN && WireFormat.getTagWireType(tag) == 2) {
            domains.add(in.readString());
          } else {
            in.skipField(tag);
          }
        });
  }

  private void graph(CodedInputStream in, int depth) throws IOException {
    fields(
        in,
        (field, tag) -> {
          switch (field) {
            case GRAPH_NODE -> nested(in, depth + 1, this::node);
            case GRAPH_INITIALIZER -> nested(in, depth + 1, (s, d) -> tensor(s));
            case GRAPH_SPARSE_INITIALIZER -> nested(in, depth + 1, this::sparse);
            default -> in.skipField(tag);
          }
        });
  }

  private void node(CodedInputStream in, int depth) throws IOException {
    nodes++;
    boolean[] hasDomain = {false};
    fields(
        in,
        (field, tag) -> {
          switch (field) {
            case NODE_DOMAIN -> {
              hasDomain[0] = true;
              domains.add(in.readString());
            }
            case NODE_ATTRIBUTE -> nested(in, depth + 1, this::attribute);
            default -> in.skipField(tag);
          }
        });
    if (!hasDomain[0]) {
      domains.add("");
    }
  }

  private void attribute(CodedInputStream in, int depth) throws IOException {
    fields(
        in,
        (field, tag) -> {
          switch (field) {
            case ATTRIBUTE_TENSOR, ATTRIBUTE_TENSORS -> nested(in, depth + 1, (s, d) -> tensor(s));
            case ATTRIBUTE_GRAPH, ATTRIBUTE_GRAPHS -> nested(in, depth + 1, this::graph);
            case ATTRIBUTE_SPARSE_TENSOR, ATTRIBUTE_SPARSE_TENSORS ->
                nested(in, depth + 1, this::sparse);
            default -> in.skipField(tag);
          }
        });
  }

  private void sparse(CodedInputStream in, int depth) throws IOException {
    fields(
        in,
        (field, tag) -> {
          if (field == SPARSE_VALUES || field == SPARSE_INDICES) {
            nested(in, depth + 1, (s, d) -> tensor(s));
          } else {
            in.skipField(tag);
          }
        });
  }

  private void tensor(CodedInputStream in) throws IOException {
    boolean[] externalData = {false};
    fields(
        in,
        (field, tag) -> {
          if (field == TENSOR_DATA_LOCATION && WireFormat.getTagWireType(tag) == 0) {
            externalData[0] |= in.readEnum() == EXTERNAL;
          } else {
            externalData[0] |= field == TENSOR_EXTERNAL_DATA;
            in.skipField(tag);
          }
        });
    if (externalData[0]) {
      external++;
    }
  }

  private interface FieldReader {
    void read(int field, int tag) throws IOException;
  }

  private interface MessageReader {
    void read(CodedInputStream in, int depth) throws IOException;
  }

  private static void fields(CodedInputStream in, FieldReader reader) throws IOException {
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return;
      }
      reader.read(WireFormat.getTagFieldNumber(tag), tag);
    }
  }

  private static void nested(CodedInputStream in, int depth, MessageReader reader)
      throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("nesting too deep");
    }
    int limit = in.pushLimit(in.readRawVarint32());
    reader.read(in, depth);
    in.checkLastTagWas(0);
    in.popLimit(limit);
  }
}
