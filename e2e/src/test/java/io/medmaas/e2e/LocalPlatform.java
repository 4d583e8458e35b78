package io.medmaas.e2e;

import io.medmaas.launcher.DemoTokens;
import io.medmaas.launcher.Stack;
import io.medmaas.launcher.StackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole platform as {@code ./maas up} starts it (embedded PostgreSQL, Keycloak, every service),
 * started once for all end-to-end test classes and stopped after the last: each class that needs it
 * is {@code @ExtendWith(LocalPlatform.class)}. Every run starts with an empty database.
 */
public final class LocalPlatform implements BeforeAllCallback {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Stack stack;
  private static DemoTokens tokens;

  @Override
  public synchronized void beforeAll(ExtensionContext context) throws IOException {
    if (stack != null) {
      return;
    }
    Path state = home().resolve("e2e/target/stack");
    Files.createDirectories(state);
    deleteRecursively(state.resolve("postgres"));
    stack =
        Stack.start(
            StackConfig.ephemeral(home(), state), line -> System.out.println("[stack] " + line));
    tokens = new DemoTokens(stack.config().keycloakUrl());
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .put(LocalPlatform.class, (ExtensionContext.Store.CloseableResource) LocalPlatform::stop);
  }

  private static synchronized void stop() {
    if (stack != null) {
      stack.close();
      stack = null;
    }
  }

  /** The repository's root. */
  static Path home() {
    return Path.of(System.getProperty("medmaas.home", "..")).toAbsolutePath().normalize();
  }

  static Stack stack() {
    return stack;
  }

  static DemoTokens tokens() {
    return tokens;
  }

  static String gateway() {
    return stack.config().url(stack.config().gatewayPort());
  }

  /** A connection to the platform's database as its superuser (to read what the services wrote). */
  static java.sql.Connection superuser() throws java.sql.SQLException {
    String password =
        io.medmaas.launcher.KeyMaterial.ensure(stack.config().keys())
            .databasePassword(io.medmaas.launcher.EmbeddedDatabase.USER);
    return java.sql.DriverManager.getConnection(
        stack.config().jdbcUrl(), io.medmaas.launcher.EmbeddedDatabase.USER, password);
  }

  /** A request to the gateway; {@code bearer} and {@code body} (JSON) may be null. */
  static HttpResponse<String> send(String method, String path, String bearer, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(gateway() + path)).timeout(Duration.ofSeconds(60));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A version upload through the gateway: the folder's model.onnx, card.json and validation.csv.
   */
  static HttpResponse<String> upload(String bearer, String model, Path dir)
      throws IOException, InterruptedException {
    String boundary = "medmaas-" + System.nanoTime();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    part(
        body,
        boundary,
        "model",
        "model.onnx",
        "application/octet-stream",
        Files.readAllBytes(dir.resolve("model.onnx")));
    part(
        body,
        boundary,
        "card",
        null,
        "application/json",
        Files.readAllBytes(dir.resolve("card.json")));
    part(
        body,
        boundary,
        "validation",
        "validation.csv",
        "text/csv",
        Files.readAllBytes(dir.resolve("validation.csv")));
    body.write(("--" + boundary + "--\r\n").getBytes());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/models/" + model + "/versions"))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + bearer)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void part(
      java.io.ByteArrayOutputStream out,
      String boundary,
      String name,
      String file,
      String type,
      byte[] content)
      throws IOException {
    out.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\""
                + name
                + "\""
                + (file == null ? "" : "; filename=\"" + file + "\"")
                + "\r\nContent-Type: "
                + type
                + "\r\n\r\n")
            .getBytes());
    out.write(content);
    out.write("\r\n".getBytes());
  }

  /** Polls {@code status} until it answers {@code wanted}, for at most 5 s; the last answer. */
  static int within5s(java.util.concurrent.Callable<Integer> status, int wanted) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    int last = status.call();
    while (last != wanted && System.nanoTime() < deadline) {
      Thread.sleep(100);
      last = status.call();
    }
    return last;
  }

  private static void deleteRecursively(Path dir) {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
