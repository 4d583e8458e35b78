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
