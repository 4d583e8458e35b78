package io.medmaas.ui.pages;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hospitals, for platform admins: the list with each one's plan and status; onboarding one (its
 * issuer, audiences, where its roles are and how they map, its plan), with tenant-admin's check of
 * the issuer's discovery document and keys shown in words; suspending (after a confirmation) and
 * reactivating.
 */
@Path("/hospitals")
@Produces(MediaType.TEXT_HTML)
public class HospitalsResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance hospitals(
        List<Row> hospitals, String problem, String notice, Onboarding form);

    static native TemplateInstance suspend(String id, String name);
  }

  /** One hospital as the table shows it. */
  public record Row(String id, String name, String plan, String status, String issuer) {}

  /** The onboarding form as filled in (shown again, with what was wrong, when it is refused). */
  public record Onboarding(
      String id,
      String name,
      String contact,
      String issuer,
      String audiences,
      String rolesClaim,
      String roleMapping,
      String plan) {

    static Onboarding empty() {
      return new Onboarding("", "", "", "", "medmaas-api", "realm_access.roles", "", "standard");
    }
  }

  @Inject Gateway gateway;

  @GET
  public TemplateInstance list(@QueryParam("notice") String notice) {
    return page(null, notice(notice), Onboarding.empty());
  }

  private TemplateInstance page(String problem, String notice, Onboarding form) {
    GatewayAnswer answer = gateway.get("/api/v1/tenants" + Gateway.query(Map.of("size", "100")));
    if (answer.status() == 403) {
      throw PageException.forbidden();
    }
    List<Row> rows = new ArrayList<>();
    for (JsonNode t : answer.json().path("items")) {
      rows.add(
          new Row(
              t.path("id").asText(),
              t.path("displayName").asText(),
              t.path("plan").asText(),
              t.path("status").asText(),
              t.path("issuer").asText()));
    }
    String failure = problem != null ? problem : answer.ok() ? null : answer.problem();
    return Templates.hospitals(rows, failure, notice, form);
  }

  private static String notice(String code) {
    if (code == null) {
      return null;
    }
    return switch (code) {
      case "onboarded" ->
          "The hospital was onboarded: its provider's discovery document and keys checked out,"
              + " and its tokens are accepted within seconds.";
      case "suspended" ->
          "The hospital was suspended: its tokens and keys are refused within seconds.";
      case "reactivated" -> "The hospital was reactivated.";
      default -> null;
    };
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response onboard(
      @FormParam("id") String id,
      @FormParam("name") String name,
      @FormParam("contact") String contact,
      @FormParam("issuer") String issuer,
      @FormParam("audiences") String audiences,
      @FormParam("rolesClaim") String rolesClaim,
      @FormParam("roleMapping") String roleMapping,
      @FormParam("plan") String plan) {
    Onboarding form =
        new Onboarding(id, name, contact, issuer, audiences, rolesClaim, roleMapping, plan);
    Map<String, Object> request = new LinkedHashMap<>();
    // a field left blank is not sent: tenant-admin's default holds (its rules name what is wrong)
    putIfGiven(request, "id", id);
    putIfGiven(request, "displayName", name);
    putIfGiven(request, "contact", contact);
    putIfGiven(request, "issuer", issuer);
    request.put("audiences", words(audiences));
    putIfGiven(request, "rolesClaim", rolesClaim);
    Map<String, String> mapping;
    try {
      mapping = mapping(roleMapping);
    } catch (IllegalArgumentException e) {
      return Response.status(400).entity(page(e.getMessage(), null, form)).build();
    }
    if (!mapping.isEmpty()) {
      request.put("roleMapping", mapping);
    }
    putIfGiven(request, "plan", plan);
    GatewayAnswer answer = gateway.send("POST", "/api/v1/tenants", request);
    if (answer.status() == 403) {
      throw PageException.forbidden();
    }
    if (!answer.ok()) {
      // the discovery check's failure or the field rule, in tenant-admin's words
      return Response.status(answer.status() == 409 ? 409 : 422)
          .entity(page(answer.problem(), null, form))
          .build();
    }
    return Response.seeOther(URI.create("/hospitals?notice=onboarded")).build();
  }

  @GET
  @Path("{id}/suspend")
  public TemplateInstance confirmSuspend(@PathParam("id") String id) {
    GatewayAnswer answer = gateway.get("/api/v1/tenants/" + Gateway.segment(id));
    if (!answer.ok()) {
      throw new PageException(answer.status() == 403 ? 403 : 404, "There is no such hospital.");
    }
    return Templates.suspend(id, answer.json().path("displayName").asText(id));
  }

  @POST
  @Path("{id}/{change:suspend|reactivate}")
  public Response change(@PathParam("id") String id, @PathParam("change") String change) {
    GatewayAnswer answer =
        gateway.send("POST", "/api/v1/tenants/" + Gateway.segment(id) + "/" + change, null);
    if (!answer.ok()) {
      throw new PageException(answer.status() == 403 ? 403 : 400, answer.problem());
    }
    return Response.seeOther(
            URI.create(
                "/hospitals?notice=" + (change.equals("suspend") ? "suspended" : "reactivated")))
        .build();
  }

  private static void putIfGiven(Map<String, Object> request, String field, String value) {
    if (value != null && !value.isBlank()) {
      request.put(field, value.strip());
    }
  }

  private static List<String> words(String value) {
    return value == null
        ? List.of()
        : Arrays.stream(value.split("[,\\s]+")).filter(w -> !w.isBlank()).toList();
  }

  /** "their-role = medmaas-role" lines (or commas) as a map; a line of another shape is refused. */
  static Map<String, String> mapping(String text) {
    Map<String, String> mapping = new LinkedHashMap<>();
    if (text == null) {
      return mapping;
    }
    for (String line : text.split("[\\n,]")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split("=", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new IllegalArgumentException(
            "Write each role mapping as: their role = medmaas role (one per line).");
      }
      mapping.put(parts[0].strip(), parts[1].strip());
    }
    return mapping;
  }
}
