package io.medmaas.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Registers the web console at each demo realm as a hospital's identity team would: a public client
 * that must use PKCE (S256), the authorization code flow only, sending people back to the console's
 * callback and signed-out page and nowhere else, with the platform API's audience in its access
 * tokens. Done through Keycloak's admin API after every start, so the addresses follow the
 * console's port (the tests' are random) and an install made before the console has it too.
 */
public final class ConsoleClients {

  public static final String CLIENT_ID = "medmaas-console";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ConsoleClients() {}

  /**
   * Creates or updates the console's client in every demo realm for the consoles at {@code uis}.
   */
  public static void ensure(StackConfig config, List<String> uis) {
    String admin = new DemoTokens(config.keycloakUrl()).keycloakAdmin();
    for (String realm : KeycloakServer.REALMS) {
      String clients = config.keycloakUrl() + "/admin/realms/" + realm + "/clients";
      JsonNode found =
          send(
              admin,
              "GET",
              clients + "?clientId=" + URLEncoder.encode(CLIENT_ID, StandardCharsets.UTF_8),
              null);
      ObjectNode client = representation(uis);
      if (found.isArray() && !found.isEmpty()) {
        send(admin, "PUT", clients + "/" + found.get(0).path("id").asText(), client);
      } else {
        send(admin, "POST", clients, client);
      }
    }
  }

  static ObjectNode representation(List<String> uis) {
    ObjectNode client = JSON.createObjectNode();
    client.put("clientId", CLIENT_ID);
    client.put("name", "medmaas web console");
    client.put("enabled", true);
    client.put("publicClient", true);
    client.put("standardFlowEnabled", true);
    client.put("implicitFlowEnabled", false);
    client.put("directAccessGrantsEnabled", false);
    client.put("serviceAccountsEnabled", false);
    client.put("frontchannelLogout", false);
    ArrayNode redirects = client.putArray("redirectUris");
    StringBuilder afterLogout = new StringBuilder();
    for (String ui : uis) {
      redirects.add(ui + "/auth/callback");
      afterLogout.append(afterLogout.isEmpty() ? "" : "##").append(ui).append("/signed-out");
      afterLogout.append("##").append(ui).append("/signed-out?reason=idle");
    }
    client.putArray("webOrigins");
    ObjectNode attributes = client.putObject("attributes");
    attributes.put("pkce.code.challenge.method", "S256");
    attributes.put("post.logout.redirect.uris", afterLogout.toString());
    ObjectNode audience = client.putArray("protocolMappers").addObject();
    audience.put("name", "medmaas-audience");
    audience.put("protocol", "openid-connect");
    audience.put("protocolMapper", "oidc-audience-mapper");
    ObjectNode mapperConfig = audience.putObject("config");
    mapperConfig.put("included.custom.audience", "medmaas-api");
    mapperConfig.put("access.token.claim", "true");
    mapperConfig.put("id.token.claim", "false");
    mapperConfig.put("introspection.token.claim", "true");
    return client;
  }

  private static JsonNode send(String token, String method, String url, JsonNode body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token);
      if (body != null) {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> answer =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() >= 300) {
        throw new IllegalStateException(
            "Keycloak's admin API answered " + answer.statusCode() + " to " + method + " " + url);
      }
      return answer.body().isBlank() ? JSON.nullNode() : JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException("Keycloak's admin API could not be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
