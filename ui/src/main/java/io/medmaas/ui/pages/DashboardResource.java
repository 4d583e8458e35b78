package io.medmaas.ui.pages;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.ui.auth.CurrentUser;
import io.medmaas.ui.gateway.Gateway;
import io.medmaas.ui.gateway.GatewayAnswer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The first page after signing in: the models the person's hospital may use, with the version in
 * production, and for those who may read usage, the last 30 days of predictions as a chart.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class DashboardResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance dashboard(
        List<ModelRow> models, String modelsProblem, UsageChart usage, String usageProblem);
  }

  /** One model in the catalog as the dashboard and the catalog list it. */
  public record ModelRow(
      String name, String owner, String production, String staging, String serving) {

    /** This row with the serving state of its production version. */
    ModelRow serving(String state) {
      return new ModelRow(name, owner, production, staging, state);
    }

    /** Every model of a catalog page the gateway answered ({@code GET /api/v1/models}). */
    static List<ModelRow> of(GatewayAnswer page) {
      List<ModelRow> rows = new ArrayList<>();
      for (JsonNode m : page.json().path("items")) {
        rows.add(
            new ModelRow(
                m.path("name").asText(),
                m.path("owner").asText(),
                m.path("productionVersion").asText(null),
                m.path("stagingVersion").asText(null),
                null));
      }
      return rows;
    }
  }

  /**
   * Days with their answered and failed requests, for the chart ({@code data-*} attributes: the
   * page runs no inline script) and the table beside it.
   */
  public record UsageChart(
      List<String> days,
      List<Long> succeeded,
      List<Long> failed,
      List<Long> latency,
      List<Long> dayInstances,
      long dailyQuota,
      long requests,
      long instances,
      List<ModelUse> models) {

    public String latencyJson() {
      return Json.array(latency);
    }

    public String dayInstancesJson() {
      return Json.array(dayInstances);
    }

    public String modelsJson() {
      return Json.array(models.stream().map(ModelUse::model).toList());
    }

    public String modelSucceededJson() {
      return Json.array(models.stream().map(ModelUse::succeeded).toList());
    }

    public String modelFailedJson() {
      return Json.array(models.stream().map(ModelUse::failed).toList());
    }

    public String daysJson() {
      return Json.array(days);
    }

    public String succeededJson() {
      return Json.array(succeeded);
    }

    public String failedJson() {
      return Json.array(failed);
    }
  }

  /** A model's requests over the range, answered and failed, and its predicted instances. */
  public record ModelUse(
      String model, long succeeded, long failed, long instances, long latencyMs) {}

  @Inject CurrentUser user;
  @Inject Gateway gateway;

  @GET
  public TemplateInstance dashboard() {
    GatewayAnswer models = gateway.get("/api/v1/models" + Gateway.query(Map.of("size", "100")));
    List<ModelRow> rows = ModelRow.of(models);
    if (user.can("model.metadata")) {
      rows = rows.stream().map(this::withServingState).toList();
    }
    UsageChart usage = null;
    String usageProblem = null;
    if (user.can("tenant.usage.read") && !user.platform()) {
      LocalDate to = LocalDate.now(ZoneOffset.UTC);
      LocalDate from = to.minusDays(29);
      GatewayAnswer answer =
          gateway.get(
              "/api/v1/tenants/"
                  + Gateway.segment(user.tenant())
                  + "/usage"
                  + Gateway.query(Map.of("from", from.toString(), "to", to.toString())));
      if (answer.ok()) {
        long quota =
            gateway
                .get("/api/v1/tenants/" + Gateway.segment(user.tenant()) + "/quota")
                .json()
                .path("effective")
                .path("dailyInstances")
                .asLong(0);
        usage = usage(answer.json(), from, to, quota);
      } else {
        usageProblem = answer.problem();
      }
    }
    return Templates.dashboard(rows, models.ok() ? null : models.problem(), usage, usageProblem);
  }

  /**
   * Whether inference serves the row's production version now ({@code ready}, {@code loading},
   * {@code not-loaded}, {@code failed}), as the gateway's metadata says; asking starts no load.
   */
  private ModelRow withServingState(ModelRow row) {
    if (row.production() == null) {
      return row.serving("no production version");
    }
    GatewayAnswer metadata =
        gateway.get("/api/v1/models/" + Gateway.segment(row.name()) + "/metadata");
    return row.serving(metadata.ok() ? metadata.json().path("state").asText("unknown") : "unknown");
  }

  /** Every day of the range, with its requests that succeeded and failed (none: 0). */
  private static UsageChart usage(JsonNode report, LocalDate from, LocalDate to, long quota) {
    // per day: answered, failed, instances, and the latency summed over requests (for the mean)
    Map<String, long[]> byDay = new java.util.HashMap<>();
    Map<String, long[]> byModel = new java.util.TreeMap<>();
    for (JsonNode item : report.path("items")) {
      int answered = item.path("outcome").asInt() < 400 ? 0 : 1;
      long requests = item.path("requests").asLong();
      long[] day = byDay.computeIfAbsent(item.path("day").asText(), d -> new long[4]);
      day[answered] += requests;
      day[2] += item.path("instances").asLong();
      day[3] += item.path("latencyMs").asLong() * requests;
      long[] model = byModel.computeIfAbsent(item.path("model").asText("(none)"), m -> new long[4]);
      model[answered] += requests;
      model[2] += item.path("instances").asLong();
      model[3] += item.path("latencyMs").asLong() * requests;
    }
    List<ModelUse> models = new ArrayList<>();
    byModel.forEach(
        (name, c) ->
            models.add(
                new ModelUse(
                    name,
                    c[0],
                    c[1],
                    c[2],
                    c[0] + c[1] == 0 ? 0 : Math.round((double) c[3] / (c[0] + c[1])))));
    List<String> days = new ArrayList<>();
    List<Long> succeeded = new ArrayList<>();
    List<Long> failed = new ArrayList<>();
    List<Long> latency = new ArrayList<>();
    List<Long> dayInstances = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      long[] counts = byDay.getOrDefault(d.toString(), new long[4]);
      days.add(d.toString());
      succeeded.add(counts[0]);
      failed.add(counts[1]);
      dayInstances.add(counts[2]);
      long all = counts[0] + counts[1];
      latency.add(all == 0 ? 0 : Math.round((double) counts[3] / all));
    }
    return new UsageChart(
        days,
        succeeded,
        failed,
        latency,
        dayInstances,
        quota,
        report.path("requests").asLong(),
        report.path("instances").asLong(),
        models);
  }
}
