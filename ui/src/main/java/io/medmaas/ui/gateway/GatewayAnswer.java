package io.medmaas.ui.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * What the gateway answered: its status and JSON body. An error's words for the page come from the
 * problem document's {@code detail} (the platform's fixed sentences, never an echo of input); the
 * document itself is never shown.
 */
public record GatewayAnswer(int status, JsonNode json, String requestId) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static GatewayAnswer of(int status, String body, String requestId) {
    JsonNode json;
    try {
      json = body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
    } catch (java.io.IOException e) {
      json = MissingNode.getInstance();
    }
    return new GatewayAnswer(status, json, requestId);
  }

  /** The gateway could not be reached at all. */
  static GatewayAnswer unreachable() {
    return new GatewayAnswer(503, MissingNode.getInstance(), null);
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** The rules a refused request broke, one sentence each (an upload's checks). */
  public java.util.List<String> errors() {
    java.util.List<String> errors = new java.util.ArrayList<>();
    json.path("errors").forEach(e -> errors.add(e.asText()));
    return errors;
  }

  /** In plain words, what went wrong (for a page's error panel). */
  public String problem() {
    String detail = json.path("detail").asText("");
    if (!detail.isBlank()) {
      return detail;
    }
    return switch (status) {
      case 401 -> "Your session has ended; sign in again.";
      case 403 -> "Your role does not allow this.";
      case 404 -> "Not found.";
      case 429 -> "Too many requests just now; try again in a moment.";
      case 503 -> "The platform is unavailable just now; try again in a moment.";
      default -> "The platform could not do this (status " + status + ").";
    };
  }
}
