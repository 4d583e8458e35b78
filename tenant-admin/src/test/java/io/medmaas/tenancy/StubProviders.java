package io.medmaas.tenancy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Stand-ins, on loopback, for what tenant-admin calls out to: hospitals' identity providers
 * (discovery documents and key sets: one good, one naming another issuer, one with no key, one that
 * answers 500, one too large) and the registry's model look-up (a platform model, a hospital's
 * private model, and none).
 */
public class StubProviders implements QuarkusTestResourceLifecycleManager {

  private static HttpServer server;

  /** The base URL of the stand-in identity providers' realms. */
  static String realms() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/";
  }

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/realms/", StubProviders::realm);
    server.createContext("/internal/models/", StubProviders::model);
    server.start();
    return Map.of("medmaas.registry.url", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void realm(HttpExchange exchange) throws IOException {
    String[] path = exchange.getRequestURI().getPath().split("/");
    String realm = path.length > 2 ? path[2] : "";
    String issuer = realms() + realm;
    if (exchange.getRequestURI().getPath().endsWith("/.well-known/openid-configuration")) {
      switch (realm) {
        case "broken" -> answer(exchange, 500, "{}");
        case "huge" -> answer(exchange, 200, "{\"x\":\"" + "a".repeat(300_000) + "\"}");
        case "impostor" ->
            answer(
                exchange,
                200,
                "{\"issuer\":\"https://elsewhere.example/realms/x\",\"jwks_uri\":\""
                    + issuer
                    + "/jwks\"}");
        default ->
            answer(
                exchange,
                200,
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\"}");
      }
    } else if (exchange.getRequestURI().getPath().endsWith("/jwks")) {
      answer(
          exchange,
          200,
          realm.equals("keyless")
              ? "{\"keys\":[]}"
              : "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\"k1\",\"e\":\"AQAB\","
                  + "\"n\":\"sXch\"}]}");
    } else {
      answer(exchange, 404, "{}");
    }
  }

  private static void model(HttpExchange exchange) throws IOException {
    String name = exchange.getRequestURI().getPath().substring("/internal/models/".length());
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer ey")) {
      answer(exchange, 401, "{}");
      return;
    }
    switch (name) {
      case "lesion-classifier", "breast-cancer-diagnosis", "pbc-progression" ->
          answer(exchange, 200, "{\"model\":{\"name\":\"" + name + "\",\"owner\":\"platform\"}}");
      case "aurora-private" ->
          answer(exchange, 200, "{\"model\":{\"name\":\"" + name + "\",\"owner\":\"aurora\"}}");
      default -> answer(exchange, 404, "{}");
    }
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
