package io.medmaas.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Just enough of a Kubernetes API on loopback for Helm's {@code lookup} while it renders: the
 * {@code v1} resource list and Secrets by name, 404 for any Secret not put here. Helm finds it
 * through the kubeconfig that surefire names in {@code KUBECONFIG}, written when it starts; so the
 * tests can render a first install (nothing there) and an upgrade (the Secrets there).
 */
final class FakeKubernetesApi {

  private static final String RESOURCES =
      "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"v1\",\"resources\":"
          + "[{\"name\":\"secrets\",\"singularName\":\"secret\",\"namespaced\":true,"
          + "\"kind\":\"Secret\",\"verbs\":[\"get\",\"list\"]}]}";
  private static final String NOT_FOUND =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
          + "\"reason\":\"NotFound\",\"code\":404}";

  private static final Map<String, String> SECRETS = new ConcurrentHashMap<>();
  private static HttpServer server;

  private FakeKubernetesApi() {}

  /** Starts the API once and writes the kubeconfig that points Helm at it. */
  static synchronized void ensureStarted() {
    if (server != null) {
      return;
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.createContext("/", FakeKubernetesApi::answer);
      server.start();
      String kubeconfig = System.getenv("KUBECONFIG");
      if (kubeconfig == null) {
        throw new IllegalStateException("KUBECONFIG is not set (surefire sets it in helm/pom.xml)");
      }
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      Files.createDirectories(Path.of(kubeconfig).getParent());
      Files.writeString(
          Path.of(kubeconfig),
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Config",
              "clusters: [{name: fake, cluster: {server: \"" + url + "\"}}]",
              "users: [{name: fake, user: {token: fake}}]",
              "contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: medmaas}}]",
              "current-context: fake",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes Secret {@code name} (namespace medmaas) exist with {@code data} (base64 values). */
  static void putSecret(String name, Map<String, String> data) {
    StringBuilder json = new StringBuilder();
    data.forEach(
        (k, v) ->
            json.append(json.isEmpty() ? "" : ",")
                .append('"')
                .append(k)
                .append("\":\"")
                .append(v)
                .append('"'));
    SECRETS.put(
        name,
        "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\""
            + name
            + "\",\"namespace\":\"medmaas\"},\"type\":\"Opaque\",\"data\":{"
            + json
            + "}}");
  }

  static void clear() {
    SECRETS.clear();
  }

  private static void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body = NOT_FOUND;
    int status = 404;
    String prefix = "/api/v1/namespaces/medmaas/secrets/";
    if (path.equals("/api/v1")) {
      body = RESOURCES;
      status = 200;
    } else if (path.startsWith(prefix) && SECRETS.containsKey(path.substring(prefix.length()))) {
      body = SECRETS.get(path.substring(prefix.length()));
      status = 200;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
