package io.medmaas.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * After start-up, asks the platform (as platform.admin, through the gateway) to verify each demo
 * model's card metrics on its committed held-out set, and reports the outcome.
 */
final class DemoVerification {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoVerification() {}

  static void run(StackConfig config, Consumer<String> progress) {
    try {
      String token = new DemoTokens(config.keycloakUrl()).userToken("medmaas", "platform.admin");
      for (Path dir : versionDirs(config.home().resolve("models"))) {
        String model = dir.getParent().getFileName().toString();
        String version = dir.getFileName().toString();
        progress.accept(
            "  " + model + " v" + version + ": " + verify(config, token, model, version));
      }
    } catch (RuntimeException | IOException e) {
      progress.accept("  demo model verification did not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String verify(StackConfig config, String token, String model, String version)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    config.url(config.gatewayPort())
                        + "/api/v1/models/"
                        + model
                        + "/versions/"
                        + version
                        + "/verify"))
            .timeout(Duration.ofSeconds(120))
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return "verification failed (HTTP " + response.statusCode() + ")";
    }
    JsonNode verification = JSON.readTree(response.body()).path("verification");
    String status = verification.path("status").asText("unverified");
    String detail =
        verification.has("measured")
            ? "measured " + verification.get("measured")
            : verification.path("reason").asText("");
    return status + " (" + detail + ")";
  }

  private static List<Path> versionDirs(Path models) throws IOException {
    try (Stream<Path> paths = Files.walk(models, 2)) {
      return paths.filter(p -> Files.exists(p.resolve("model.onnx"))).sorted().toList();
    }
  }
}
