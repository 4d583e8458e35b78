package io.medmaas.ui.pages;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.ui.auth.CurrentUser;
import io.medmaas.ui.gateway.Gateway;
import io.medmaas.ui.gateway.GatewayAnswer;
import io.medmaas.ui.web.PageException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hospital's partner API keys: the list with each key's scopes, expiry and last use (never a
 * secret); create one with scopes, allowed models and an expiry, its secret shown once; rotate with
 * an overlap; revoke after a confirmation. A platform admin names the tenant.
 */
@Path("/keys")
@Produces(MediaType.TEXT_HTML)
public class ApiKeysResource {

  /** The scopes a key may hold, as the gateway names them, and what each lets a partner do. */
  static final Map<String, String> SCOPES =
      Map.of(
          "predict", "Ask any model your hospital may use for predictions",
          "models:read", "List the models and read their cards",
          "audit:read", "Read your hospital's audit log");

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance keys(
        String tenant,
        List<KeyRow> keys,
        List<String> models,
        String problem,
        String notice,
        String defaultExpiry,
        String maxExpiry);

    static native TemplateInstance secret(String tenant, String name, String id, String secret);

    static native TemplateInstance revoke(String tenant, String id, String name);
  }

  /** One key as the table shows it. */
  public record KeyRow(
      String id,
      String name,
      String prefix,
      String scopes,
      String models,
      String status,
      String expires,
      String lastUsed) {}

  @Inject CurrentUser user;
  @Inject Gateway gateway;

  /** The tenant acted for: the person's own, or the one a platform admin names. */
  private String tenant(String named) {
    if (user.platform()) {
      if (named == null || named.isBlank()) {
        throw new PageException(400, "Name the hospital whose keys you manage.");
      }
      return named.strip();
    }
    return user.tenant();
  }

  private String keysPath(String tenant) {
    return "/api/v1/tenants/" + Gateway.segment(tenant) + "/api-keys";
  }

  @GET
  public TemplateInstance list(
      @QueryParam("tenant") String named, @QueryParam("notice") String notice) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    if (user.platform() && (named == null || named.isBlank())) {
      return Templates.keys(
          "",
          List.of(),
          List.of(),
          null,
          "Name the hospital whose keys you manage.",
          today.plusDays(90).toString(),
          today.plusDays(364).toString());
    }
    String tenant = tenant(named);
    GatewayAnswer answer = gateway.get(keysPath(tenant));
    if (answer.status() == 403) {
      throw PageException.forbidden();
    }
    if (answer.status() == 404) {
      throw new PageException(404, "There is no such hospital.");
    }
    List<KeyRow> rows = new ArrayList<>();
    for (JsonNode k : answer.json().path("items")) {
      rows.add(
          new KeyRow(
              k.path("id").asText(),
              k.path("name").asText(),
              k.path("prefix").asText(),
              join(k.path("scopes")),
              k.path("models").isMissingNode() ? "any" : join(k.path("models")),
              k.path("status").asText(),
              day(k.path("expiresAt").asText("")),
              k.path("lastUsedAt").isMissingNode() ? "never" : k.path("lastUsedAt").asText()));
    }
    return Templates.keys(
        tenant,
        rows,
        models(),
        answer.ok() ? null : answer.problem(),
        "revoked".equals(notice)
            ? "The key was revoked; the gateway refuses it within seconds."
            : null,
        today.plusDays(90).toString(),
        today.plusDays(364).toString());
  }

  /** The model names the person may see, for the "allowed models" choice. */
  private List<String> models() {
    GatewayAnswer answer = gateway.get("/api/v1/models" + Gateway.query(Map.of("size", "100")));
    List<String> names = new ArrayList<>();
    answer.json().path("items").forEach(m -> names.add(m.path("name").asText()));
    return names;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response create(
      @QueryParam("tenant") String named,
      @FormParam("name") String name,
      @FormParam("scope") List<String> scopes,
      @FormParam("model") List<String> models,
      @FormParam("expires") String expires) {
    String tenant = tenant(named);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("name", name == null ? "" : name.strip());
    request.put("scopes", scopes == null ? List.of() : scopes);
    if (models != null && !models.isEmpty()) {
      request.put("models", models);
    }
    request.put("expiresAt", expiry(expires));
    GatewayAnswer answer = gateway.send("POST", keysPath(tenant), request);
    return shown(tenant, answer);
  }

  @POST
  @Path("{id}/rotate")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response rotate(
      @QueryParam("tenant") String named,
      @PathParam("id") String id,
      @FormParam("overlap") String overlap) {
    String tenant = tenant(named);
    long seconds =
        switch (overlap == null ? "" : overlap) {
          case "3600" -> 3600;
          case "86400" -> 86400;
          default -> 0;
        };
    GatewayAnswer answer =
        gateway.send(
            "POST",
            keysPath(tenant) + "/" + Gateway.segment(id) + "/rotate",
            Map.of("overlapSeconds", seconds));
    return shown(tenant, answer);
  }

  @GET
  @Path("{id}/revoke")
  public TemplateInstance confirmRevoke(
      @QueryParam("tenant") String named, @PathParam("id") String id) {
    String tenant = tenant(named);
    GatewayAnswer answer = gateway.get(keysPath(tenant));
    for (JsonNode k : answer.json().path("items")) {
      if (k.path("id").asText().equals(id)) {
        return Templates.revoke(tenant, id, k.path("name").asText());
      }
    }
    throw new PageException(answer.status() == 403 ? 403 : 404, "There is no such key.");
  }

  @POST
  @Path("{id}/revoke")
  public Response revoke(@QueryParam("tenant") String named, @PathParam("id") String id) {
    String tenant = tenant(named);
    GatewayAnswer answer =
        gateway.send("DELETE", keysPath(tenant) + "/" + Gateway.segment(id), null);
    if (!answer.ok()) {
      throw new PageException(answer.status() == 403 ? 403 : 400, answer.problem());
    }
    return Response.seeOther(
            URI.create(
                "/keys"
                    + Gateway.query(
                        Map.of("tenant", user.platform() ? tenant : "", "notice", "revoked"))))
        .build();
  }

  /** The new key's secret on a page of its own, shown this once; or what went wrong. */
  private Response shown(String tenant, GatewayAnswer answer) {
    if (answer.status() == 403) {
      throw PageException.forbidden();
    }
    if (!answer.ok()) {
      throw new PageException(400, answer.problem());
    }
    JsonNode key = answer.json();
    return Response.status(201)
        .entity(
            Templates.secret(
                tenant,
                key.path("name").asText(),
                key.path("id").asText(),
                key.path("secret").asText()))
        .build();
  }

  /** The start of the chosen day (UTC), within the year the platform allows; default 90 days. */
  private static String expiry(String day) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate chosen;
    try {
      chosen = day == null || day.isBlank() ? today.plusDays(90) : LocalDate.parse(day.strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw new PageException(400, "The expiry is not a date.");
    }
    return chosen.atStartOfDay().toInstant(ZoneOffset.UTC).toString();
  }

  private static String join(JsonNode values) {
    List<String> all = new ArrayList<>();
    values.forEach(v -> all.add(v.asText()));
    return String.join(", ", all);
  }

  private static String day(String instant) {
    return instant.length() >= 10 ? instant.substring(0, 10) : instant;
  }
}
