package io.medmaas.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** Access tokens for the demo users and clients of the local Keycloak. Demo credentials only. */
public final class DemoTokens {

  /** The password of every demo user (demo only: never use in a real deployment). */
  public static final String DEMO_PASSWORD = "demo-password";

  /** The public client through which demo users get tokens with the password grant. */
  public static final String CLI_CLIENT = "medmaas-cli";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String keycloakUrl;

  public DemoTokens(String keycloakUrl) {
    this.keycloakUrl = keycloakUrl;
  }

  /** A user's access token by the password grant. */
  public String userToken(String realm, String username) {
    return request(
        realm,
        Map.of(
            "grant_type", "password",
            "client_id", CLI_CLIENT,
            "username", username,
            "password", DEMO_PASSWORD));
  }

  /** A confidential client's access token by the client-credentials grant. */
  public String clientToken(String realm, String clientId, String secret) {
    return request(
        realm,
        Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
  }

  /**
   * A token of Keycloak's own admin ({@code admin}/{@code admin}, local only) for its admin API.
   */
  public String keycloakAdmin() {
    return request(
        "master",
        Map.of(
            "grant_type", "password",
            "client_id", "admin-cli",
            "username", "admin",
            "password", "admin"));
  }

  public String tokenEndpoint(String realm) {
    return keycloakUrl + "/realms/" + realm + "/protocol/openid-connect/token";
  }

  /** A token by any grant: the form fields of the token request. */
  public String request(String realm, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(tokenEndpoint(realm)))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "Keycloak refused the token request for realm "
                + realm
                + " (HTTP "
                + response.statusCode()
                + ")");
      }
      JsonNode json = JSON.readTree(response.body());
      return json.get("access_token").asText();
    } catch (IOException e) {
      throw new IllegalStateException("Keycloak is not reachable at " + keycloakUrl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
