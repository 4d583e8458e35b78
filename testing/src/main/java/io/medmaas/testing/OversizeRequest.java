package io.medmaas.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends only the head of a request that declares a body far over any limit, and returns the whole
 * answer as text: a server that checks the declared length must answer without reading the body.
 */
public final class OversizeRequest {

  private OversizeRequest() {}

  public static String post(int port, String path, String authorization) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
              + "Content-Length: 900000000\r\n\r\n{\"instances\":[";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
