package io.medmaas.ui.pages;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.ui.auth.CurrentUser;
import io.medmaas.ui.gateway.Gateway;
import io.medmaas.ui.gateway.GatewayAnswer;
import io.medmaas.ui.web.PageException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log of the person's hospital (a platform caller names a tenant): a search with filters,
 * newest first, a page at a time by cursor; the chain's verification; and the CSV and FHIR exports,
 * passed through from the gateway as they stream.
 */
@Path("/audit")
@Produces(MediaType.TEXT_HTML)
public class AuditResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance audit(
        Filters filters, List<Row> rows, String next, String problem, String exportQuery);

    static native TemplateInstance verified(Verified result);
  }

  /** The search as the person filled it in (every value is sent to the gateway encoded). */
  public record Filters(
      String from,
      String to,
      String subject,
      String client,
      String action,
      String model,
      String outcome,
      String tenant) {

    Map<String, String> query() {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("from", from);
      query.put("to", to);
      query.put("subject", subject);
      query.put("client", client);
      query.put("action", action);
      query.put("model", model);
      query.put("outcome", outcome);
      query.put("tenant", tenant);
      return query;
    }
  }

  /** One record as the table shows it. */
  public record Row(
      String occurredAt,
      String requestId,
      String who,
      String action,
      String model,
      int outcome,
      String kind) {}

  /** A chain's verification, in words; {@code problem}: it could not be made. */
  public record Verified(boolean intact, long checked, String broken, String problem) {}

  @Inject CurrentUser user;
  @Inject Gateway gateway;

  @GET
  public TemplateInstance search(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("subject") String subject,
      @QueryParam("client") String client,
      @QueryParam("action") String action,
      @QueryParam("model") String model,
      @QueryParam("outcome") String outcome,
      @QueryParam("tenant") String tenant,
      @QueryParam("cursor") String cursor) {
    Filters filters =
        new Filters(
            from, to, subject, client, action, model, outcome, user.platform() ? tenant : null);
    Map<String, String> query = new LinkedHashMap<>(filters.query());
    query.put("size", "25");
    query.put("cursor", cursor == null || cursor.isBlank() ? "" : cursor);
    if (query.get("cursor").isEmpty()) {
      query.put("cursor", null);
    }
    // the gateway decides who may read (and audits a refusal); the page only shows its answer
    GatewayAnswer answer = gateway.get("/api/v1/audit-events" + Gateway.query(query));
    if (answer.status() == 403) {
      throw PageException.forbidden();
    }
    List<Row> rows = new ArrayList<>();
    String next = null;
    if (answer.ok()) {
      for (JsonNode r : answer.json().path("items")) {
        rows.add(
            new Row(
                r.path("occurredAt").asText(),
                r.path("requestId").asText(),
                r.path("username").asText(r.path("clientId").asText(r.path("subject").asText("—"))),
                r.path("action").asText(),
                r.path("model").asText(""),
                r.path("outcome").asInt(),
                r.path("kind").asText()));
      }
      next = answer.json().path("next").asText(null);
    }
    Map<String, String> nextQuery = new LinkedHashMap<>(filters.query());
    nextQuery.put("cursor", next);
    return Templates.audit(
        filters,
        rows,
        next == null ? null : Gateway.query(nextQuery),
        answer.ok() ? null : answer.problem(),
        Gateway.query(filters.query()));
  }

  /** The chain re-walked by the platform; the answer as a fragment of the page. */
  @GET
  @Path("verify")
  public TemplateInstance verify(@QueryParam("tenant") String tenant) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("tenant", user.platform() ? tenant : null);
    GatewayAnswer answer = gateway.get("/api/v1/audit-events/verify" + Gateway.query(query));
    if (!answer.ok()) {
      return Templates.verified(new Verified(false, 0, null, answer.problem()));
    }
    JsonNode r = answer.json();
    String broken =
        r.path("firstBroken").isMissingNode()
            ? null
            : "at record "
                + r.path("firstBroken").path("seq").asText("?")
                + ": "
                + r.path("firstBroken").path("reason").asText("");
    return Templates.verified(
        new Verified(r.path("intact").asBoolean(), r.path("checked").asLong(), broken, null));
  }

  /** An export, streamed from the gateway as it comes: CSV or FHIR. */
  @GET
  @Path("export/{format}")
  public Response export(
      @PathParam("format") String format,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("subject") String subject,
      @QueryParam("client") String client,
      @QueryParam("action") String action,
      @QueryParam("model") String model,
      @QueryParam("outcome") String outcome,
      @QueryParam("tenant") String tenant)
      throws Exception {
    if (!(format.equals("csv") || format.equals("fhir"))) {
      throw new PageException(404, "There is no such export.");
    }
    Filters filters =
        new Filters(
            from, to, subject, client, action, model, outcome, user.platform() ? tenant : null);
    HttpResponse<InputStream> upstream =
        gateway.stream("/api/v1/audit-events/" + format + Gateway.query(filters.query()));
    if (upstream.statusCode() != 200) {
      upstream.body().close();
      if (upstream.statusCode() == 403) {
        throw PageException.forbidden();
      }
      throw new PageException(502, "The export could not be made just now.");
    }
    StreamingOutput body =
        out -> {
          try (InputStream in = upstream.body()) {
            in.transferTo(out);
          }
        };
    String type = upstream.headers().firstValue("Content-Type").orElse("application/octet-stream");
    String disposition =
        upstream
            .headers()
            .firstValue("Content-Disposition")
            .orElse(
                "attachment; filename=\"audit." + (format.equals("csv") ? "csv" : "json") + "\"");
    return Response.ok(body).type(type).header("Content-Disposition", disposition).build();
  }
}
