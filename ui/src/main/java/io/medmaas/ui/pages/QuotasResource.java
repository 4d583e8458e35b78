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
 * A hospital's quota: its plan, the limits in force (the plan's, or a platform admin's override),
 * and how much of the daily and monthly prediction quotas is used; the plans side by side. A
 * platform admin changes a tenant's plan and overrides here.
 */
@Path("/quotas")
@Produces(MediaType.TEXT_HTML)
public class QuotasResource {

  /** The limits, in the order and words the page shows them. */
  static final Map<String, String> LIMITS = new LinkedHashMap<>();

  static {
    LIMITS.put("ratePerSecond", "Requests per second");
    LIMITS.put("burst", "Burst (requests at once)");
    LIMITS.put("maxConcurrent", "Requests under way at once");
    LIMITS.put("maxBatch", "Instances per request");
    LIMITS.put("dailyInstances", "Instances per day");
    LIMITS.put("monthlyInstances", "Instances per month");
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance quotas(
        String tenant,
        String plan,
        List<Limit> limits,
        List<Use> use,
        List<String> planNames,
        List<PlanRow> plans,
        String problem,
        String notice);
  }

  /** A limit in force, and whether it is the plan's or overridden. */
  public record Limit(String key, String label, String value, String override) {}

  /** How much of a quota is used. */
  public record Use(String label, long used, long quota, int percent) {}

  /** One plan and its limits, in the order of {@link #LIMITS}. */
  public record PlanRow(String name, List<String> values) {}

  @Inject CurrentUser user;
  @Inject Gateway gateway;

  private String tenant(String named) {
    if (user.platform()) {
      return named == null ? "" : named.strip();
    }
    return user.tenant();
  }

  @GET
  public TemplateInstance show(
      @QueryParam("tenant") String named, @QueryParam("notice") String notice) {
    String tenant = tenant(named);
    List<PlanRow> plans = plans();
    List<String> names = plans.stream().map(PlanRow::name).toList();
    if (tenant.isEmpty()) {
      return Templates.quotas(
          "",
          null,
          List.of(),
          List.of(),
          names,
          plans,
          "Name the hospital whose quota to show.",
          null);
    }
    GatewayAnswer quota = gateway.get("/api/v1/tenants/" + Gateway.segment(tenant) + "/quota");
    if (quota.status() == 403) {
      throw PageException.forbidden();
    }
    if (!quota.ok()) {
      throw new PageException(404, "There is no such hospital.");
    }
    JsonNode effective = quota.json().path("effective");
    JsonNode overrides = quota.json().path("overrides");
    List<Limit> limits = new ArrayList<>();
    LIMITS.forEach(
        (key, label) ->
            limits.add(
                new Limit(
                    key,
                    label,
                    effective.path(key).asText("—"),
                    overrides.path(key).isMissingNode() || overrides.path(key).isNull()
                        ? ""
                        : overrides.path(key).asText())));
    return Templates.quotas(
        tenant,
        quota.json().path("plan").asText(),
        limits,
        use(tenant, effective),
        names,
        plans,
        null,
        "changed".equals(notice)
            ? "The quota was changed; the gateways apply it within seconds."
            : null);
  }

  /** Today's and this month's predicted instances against the quotas. */
  private List<Use> use(String tenant, JsonNode effective) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    GatewayAnswer month =
        gateway.get(
            "/api/v1/tenants/"
                + Gateway.segment(tenant)
                + "/usage"
                + Gateway.query(
                    Map.of("from", today.withDayOfMonth(1).toString(), "to", today.toString())));
    long monthly = month.json().path("instances").asLong();
    long daily = 0;
    for (JsonNode item : month.json().path("items")) {
      if (item.path("day").asText().equals(today.toString())) {
        daily += item.path("instances").asLong();
      }
    }
    return List.of(
        use("Today", daily, effective.path("dailyInstances").asLong()),
        use("This month", monthly, effective.path("monthlyInstances").asLong()));
  }

  private static Use use(String label, long used, long quota) {
    int percent = quota <= 0 ? 0 : (int) Math.min(100, used * 100 / quota);
    return new Use(label, used, quota, percent);
  }

  private List<PlanRow> plans() {
    GatewayAnswer answer = gateway.get("/api/v1/plans");
    List<PlanRow> rows = new ArrayList<>();
    for (JsonNode plan : answer.json().path("plans")) {
      List<String> values = new ArrayList<>();
      LIMITS.keySet().forEach(key -> values.add(plan.path("limits").path(key).asText("—")));
      rows.add(new PlanRow(plan.path("name").asText(), values));
    }
    return rows;
  }

  /** A platform admin's change of the tenant's plan and overrides (blank: the plan's value). */
  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response change(
      @QueryParam("tenant") String named,
      @FormParam("plan") String plan,
      @FormParam("ratePerSecond") String rate,
      @FormParam("burst") String burst,
      @FormParam("maxConcurrent") String concurrent,
      @FormParam("maxBatch") String batch,
      @FormParam("dailyInstances") String daily,
      @FormParam("monthlyInstances") String monthly) {
    String tenant = tenant(named);
    Map<String, Object> overrides = new LinkedHashMap<>();
    try {
      put(overrides, "ratePerSecond", rate, true);
      put(overrides, "burst", burst, false);
      put(overrides, "maxConcurrent", concurrent, false);
      put(overrides, "maxBatch", batch, false);
      put(overrides, "dailyInstances", daily, false);
      put(overrides, "monthlyInstances", monthly, false);
    } catch (NumberFormatException e) {
      throw new PageException(400, "Each limit is a number, or blank for the plan's.");
    }
    Map<String, Object> request = new LinkedHashMap<>();
    if (plan != null && !plan.isBlank()) {
      request.put("plan", plan.strip());
    }
    request.put("overrides", overrides);
    GatewayAnswer answer =
        gateway.send("PUT", "/api/v1/tenants/" + Gateway.segment(tenant) + "/quota", request);
    if (!answer.ok()) {
      throw new PageException(answer.status() == 403 ? 403 : 400, answer.problem());
    }
    return Response.seeOther(
            URI.create("/quotas" + Gateway.query(Map.of("tenant", tenant, "notice", "changed"))))
        .build();
  }

  private static void put(Map<String, Object> into, String key, String value, boolean decimal) {
    if (value == null || value.isBlank()) {
      return;
    }
    into.put(key, decimal ? Double.parseDouble(value.strip()) : Long.parseLong(value.strip()));
  }
}
