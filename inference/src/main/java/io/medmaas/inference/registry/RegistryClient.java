package io.medmaas.inference.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.audit.AuditText;
import io.medmaas.common.http.PathSegments;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.inference.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads model versions and artifacts from the registry, acting with the caller's internal token so
 * that the registry applies the caller's tenant visibility.
 */
@ApplicationScoped
public class RegistryClient {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  @Inject InferenceConfig config;
  @Inject ObjectMapper json;

  /** A version by number or alias; a model the caller may not see is not found. */
  public ModelVersionInfo version(String model, String versionOrAlias, String bearer) {
    String path =
        "/internal/models/"
            + PathSegments.encode(model)
            + "/versions/"
            + PathSegments.encode(versionOrAlias);
    HttpResponse<byte[]> response = get(path, bearer);
    try {
      return json.readValue(response.body(), ModelVersionInfo.class);
    } catch (IOException e) {
      throw new ProblemException(ProblemType.BAD_GATEWAY, "The registry answered unreadably");
    }
  }

  public byte[] artifact(String sha256, String bearer) {
    return get("/internal/artifacts/" + PathSegments.encode(sha256), bearer).body();
  }

  /**
   * The registry's own words for what is missing (it names the version and the model only for a
   * model the caller may see, and never echoes other input), else a plain "not found".
   */
  private String notFoundDetail(HttpResponse<byte[]> response) {
    try {
      String detail = json.readTree(response.body()).path("detail").asText("");
      if (!detail.isEmpty() && detail.length() <= 500 && AuditText.isPrintable(detail, 500)) {
        return detail;
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable body says nothing more
    }
    return "Model not found";
  }

  private HttpResponse<byte[]> get(String path, String bearer) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(config.registry().url() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + bearer)
            .GET()
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ProblemException(ProblemType.UNAVAILABLE, "The model registry is unreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProblemException(ProblemType.UNAVAILABLE, "Interrupted");
    }
    return switch (response.statusCode()) {
      case 200 -> response;
      case 404 -> throw new ProblemException(ProblemType.NOT_FOUND, notFoundDetail(response));
      default ->
          throw new ProblemException(
              ProblemType.BAD_GATEWAY, "The registry answered HTTP " + response.statusCode());
    };
  }
}
