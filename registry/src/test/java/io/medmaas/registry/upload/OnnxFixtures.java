package io.medmaas.registry.upload;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Hand-built ONNX files for the hostile-upload tests, written field by field with the protobuf wire
 * format (field numbers of onnx.proto), so no test depends on a tool that would refuse to write a
 * malicious model.
 */
public final class OnnxFixtures {

  private OnnxFixtures() {}

  /** A one-node model (Identity) with an initializer; options make it hostile. */
  public static byte[] model(String nodeDomain, boolean externalData, String externalLocation) {
    byte[] tensor =
        message(
            out -> {
              out.writeInt64(1, 1); // dims
              out.writeInt32(2, 1); // data_type FLOAT
              out.writeString(8, "w"); // name
              if (externalData) {
                out.writeByteArray(
                    13,
                    message(
                        entry -> {
                          entry.writeString(1, "location");
                          entry.writeString(2, externalLocation);
                        }));
                out.writeEnum(14, 1); // data_location EXTERNAL
              } else {
                out.writeByteArray(9, new byte[] {0, 0, (byte) 0x80, 0x3f}); // raw_data 1.0f
              }
            });
    byte[] node =
        message(
            out -> {
              out.writeString(1, "x");
              out.writeString(2, "y");
              out.writeString(4, "Identity");
              if (nodeDomain != null) {
                out.writeString(7, nodeDomain);
              }
            });
    byte[] graph =
        message(
            out -> {
              out.writeByteArray(1, node);
              out.writeString(2, "g");
              out.writeByteArray(5, tensor);
            });
    byte[] opset =
        message(
            out -> {
              out.writeString(1, "");
              out.writeInt64(2, 17);
            });
    return message(
        out -> {
          out.writeInt64(1, 8); // ir_version
          out.writeString(2, "medmaas-tests");
          out.writeByteArray(7, graph);
          out.writeByteArray(8, opset);
        });
  }

  /**
   * A load-time bomb: ConstantOfShape([60000, 60000]) feeding ReduceSum. Constant folding at
   * session creation tries to allocate 14 GB.
   */
  public static byte[] loadTimeBomb() {
    byte[] shape =
        message(
            out -> {
              out.writeInt64(1, 2); // dims [2]
              out.writeInt32(2, 7); // INT64
              out.writeString(8, "shape");
              java.nio.ByteBuffer raw =
                  java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
              raw.putLong(60_000).putLong(60_000);
              out.writeByteArray(9, raw.array());
            });
    byte[] one =
        message(
            out -> {
              out.writeInt64(1, 1);
              out.writeInt32(2, 1); // FLOAT
              out.writeByteArray(9, new byte[] {0, 0, (byte) 0x80, 0x3f});
            });
    byte[] constantOfShape =
        message(
            out -> {
              out.writeString(1, "shape");
              out.writeString(2, "big");
              out.writeString(4, "ConstantOfShape");
              out.writeByteArray(
                  5,
                  message(
                      a -> {
                        a.writeString(1, "value");
                        a.writeByteArray(5, one);
                        a.writeEnum(20, 4); // TENSOR
                      }));
            });
    byte[] reduceSum =
        message(
            out -> {
              out.writeString(1, "big");
              out.writeString(2, "y");
              out.writeString(4, "ReduceSum");
              out.writeByteArray(
                  5,
                  message(
                      a -> {
                        a.writeString(1, "keepdims");
                        a.writeInt64(3, 0);
                        a.writeEnum(20, 2); // INT
                      }));
            });
    byte[] output =
        message(
            out -> {
              out.writeString(1, "y");
              out.writeByteArray(
                  2, message(t -> t.writeByteArray(1, message(tt -> tt.writeInt32(1, 1)))));
            });
    byte[] graph =
        message(
            out -> {
              out.writeByteArray(1, constantOfShape);
              out.writeByteArray(1, reduceSum);
              out.writeString(2, "bomb");
              out.writeByteArray(5, shape);
              out.writeByteArray(12, output);
            });
    return message(
        out -> {
          out.writeInt64(1, 8);
          out.writeByteArray(7, graph);
          out.writeByteArray(
              8,
              message(
                  o -> {
                    o.writeString(1, "");
                    o.writeInt64(2, 13);
                  }));
        });
  }

  public static byte[] wellFormed() {
    return model(null, false, null);
  }

  interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  static byte[] message(Writer writer) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      writer.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
