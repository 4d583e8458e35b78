package io.medmaas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medmaas.launcher.DemoTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Makes the bench's machine client issue tokens that live an hour, in the bench's own private
 * Keycloak only (through its admin API), so that one token fetched before the warm-up serves the
 * whole run: a token request costs Keycloak a second of CPU spread over the next seconds, which
 * would land in the middle of a measurement.
 */
final class LongLivedTokens {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private LongLivedTokens() {}

  static void forClient(String keycloakUrl, String realm, String clientId) throws Exception {
    String admin = new DemoTokens(keycloakUrl).keycloakAdmin();
    String clients =
        keycloakUrl
            + "/admin/realms/"
            + realm
            + "/clients?clientId="
            + URLEncoder.encode(clientId, StandardCharsets.UTF_8);
    JsonNode found = JSON.readTree(send(HttpRequest.newBuilder(URI.create(clients)), admin));
    ObjectNode client = (ObjectNode) found.get(0);
    ((ObjectNode) client.with("attributes")).put("access.token.lifespan", "3600");
    send(
        HttpRequest.newBuilder(
                URI.create(
                    keycloakUrl
                        + "/admin/realms/"
                        + realm
                        + "/clients/"
                        + client.get("id").asText()))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(client.toString())),
        admin);
  }

  private static String send(HttpRequest.Builder request, String bearer) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            request.header("Authorization", "Bearer " + bearer).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException("Keycloak admin API answered " + response.statusCode());
    }
    return response.body();
  }
}
