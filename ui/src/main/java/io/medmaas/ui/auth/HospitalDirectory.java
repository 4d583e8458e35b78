package io.medmaas.ui.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.ui.UiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The hospitals onboarded in tenant-admin, asked one by one through the gateway's public {@code GET
 * /api/v1/sign-in/{id}}: a hospital's provider is tenant-admin's data, so a hospital onboarded
 * after the console started signs in without a change to its configuration. An answer is kept five
 * minutes (an unknown id thirty seconds), at most {@link #MAX_ENTRIES} of them; a gateway that
 * cannot be reached is no answer, and is asked again next time.
 */
@ApplicationScoped
public class HospitalDirectory {

  private static final Logger LOG = Logger.getLogger(HospitalDirectory.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_ENTRIES = 1000;
  private static final Duration KNOWN = Duration.ofMinutes(5);
  private static final Duration UNKNOWN = Duration.ofSeconds(30);

  private record Entry(Optional<Hospital> hospital, long until) {}

  private final Map<String, Entry> answers = new ConcurrentHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(3))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Inject UiConfig config;

  /** Whether {@code id}'s answer is at hand (no call to make). */
  boolean known(String id) {
    Entry entry = answers.get(id);
    return entry != null && entry.until() > System.nanoTime();
  }

  /** The active hospital {@code id} (a valid tenant id), asking the gateway when not at hand. */
  Optional<Hospital> lookup(String id) {
    Entry entry = answers.get(id);
    if (entry != null && entry.until() > System.nanoTime()) {
      return entry.hospital();
    }
    Optional<Optional<Hospital>> answer = ask(id);
    if (answer.isEmpty()) {
      return Optional.empty();
    }
    if (answers.size() >= MAX_ENTRIES) {
      answers.values().removeIf(e -> e.until() <= System.nanoTime());
    }
    if (answers.size() < MAX_ENTRIES) {
      Duration keep = answer.get().isPresent() ? KNOWN : UNKNOWN;
      answers.put(id, new Entry(answer.get(), System.nanoTime() + keep.toNanos()));
    }
    return answer.get();
  }

  /** The gateway's answer: a hospital, none (404), or nothing to go by (any other outcome). */
  private Optional<Optional<Hospital>> ask(String id) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(config.gatewayUrl() + "/api/v1/sign-in/" + id))
            .timeout(Duration.ofSeconds(5))
            .header("Accept", "application/json")
            .GET()
            .build();
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() == 404) {
        return Optional.of(Optional.empty());
      }
      if (answer.statusCode() != 200) {
        LOG.warnf("The gateway answered %d to a hospital lookup", answer.statusCode());
        return Optional.empty();
      }
      JsonNode body = JSON.readTree(answer.body());
      String issuer = body.path("issuer").asText("");
      String rolesClaim = body.path("rolesClaim").asText("realm_access/roles");
      boolean plainHttpAllowed = !config.secureCookies(); // only a local run over loopback
      if (!id.equals(body.path("tenant").asText())
          || !(issuer.startsWith("https://")
              || (plainHttpAllowed && issuer.startsWith("http://")))) {
        LOG.warn("A hospital lookup answered with an unusable sign-in; ignored");
        return Optional.empty();
      }
      return Optional.of(Optional.of(new Hospital(issuer, Hospital.CONSOLE_CLIENT, rolesClaim)));
    } catch (IOException e) {
      LOG.warnf("Hospital lookup failed: %s", e.getClass().getSimpleName());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
