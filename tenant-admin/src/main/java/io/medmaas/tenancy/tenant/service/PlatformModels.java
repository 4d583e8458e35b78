package io.medmaas.tenancy.tenant.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.caller.InternalToken;
import io.medmaas.common.caller.RequestIds;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Asks the registry whether a platform model exists, as the platform admin who grants an
 * entitlement to it (the gateway's token for that route is also for the registry), so that an
 * entitlement to a model that does not exist is refused (404) rather than kept.
 */
@ApplicationScoped
public class PlatformModels {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Inject ObjectMapper json;

  @ConfigProperty(name = "medmaas.registry.url")
  String registryUrl;

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** Refuses (404) a model name that is not one of the platform's models. */
  public void requireExists(String model, String internalToken, String requestId) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(registryUrl + "/internal/models/" + model))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + internalToken);
    String id = RequestIds.safe(requestId);
    if (id != null) {
      request.header(RequestIds.HEADER, id);
    }
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unavailable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable();
    }
    if (response.statusCode() == 404) {
      throw ProblemException.notFound("Model");
    }
    if (response.statusCode() != 200) {
      throw unavailable();
    }
    try {
      JsonNode found = json.readTree(response.body());
      if (!InternalToken.PLATFORM_TENANT.equals(found.path("model").path("owner").asText())) {
        throw ProblemException.notFound("Model");
      }
    } catch (IOException e) {
      throw unavailable();
    }
  }

  private static ProblemException unavailable() {
    return ProblemException.retryLater(
        ProblemType.UNAVAILABLE, "The registry could not say whether the model exists; retry", 1);
  }
}
