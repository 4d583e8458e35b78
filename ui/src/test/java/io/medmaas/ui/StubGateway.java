package io.medmaas.ui;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gateway as the console meets it before anyone signs in, on loopback: it knows one active
 * hospital, Aurora General (whose provider is never reached), answers 404 for any other id, and
 * notes the visitor address each lookup named.
 */
public class StubGateway implements QuarkusTestResourceLifecycleManager {

  /** The {@code X-Forwarded-For} of each lookup, in order. */
  public static final List<String> VISITORS = new CopyOnWriteArrayList<>();

  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/api/v1/sign-in/",
        exchange -> {
          String visitor = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
          VISITORS.add(visitor == null ? "" : visitor);
          String id = exchange.getRequestURI().getPath().substring("/api/v1/sign-in/".length());
          boolean known = id.equals("aurora-general");
          byte[] body =
              (known
                      ? "{\"tenant\":\"aurora-general\","
                          + "\"issuer\":\"https://127.0.0.1:9/realms/aurora-general\"}"
                      : "{\"type\":\"https://medmaas.example/problems/not-found\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(known ? 200 : 404, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return Map.of("medmaas.ui.gateway-url", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void stop() {
    server.stop(0);
  }
}
