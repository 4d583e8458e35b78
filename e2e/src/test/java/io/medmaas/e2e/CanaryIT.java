package io.medmaas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.launcher.DemoTokens;
import io.medmaas.launcher.Stack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No patient value is kept: requests through every prediction API carry canary numbers (in
 * features, an image's pixels, a sequence of visits) and canary strings (in model names, headers,
 * query strings), and afterwards no log file of any service, no row of any table of the database
 * (read whole, as its superuser) and no metrics endpoint holds any of them.
 */
@org.junit.jupiter.api.extension.ExtendWith(LocalPlatform.class)
@org.junit.jupiter.api.Order(3)
class CanaryIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A number no record, hash or id holds by chance: nine digits after the point. */
  private static final String DIGITS = "731194628";

  private final String word =
      "zzcanary" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

  /** The example request of a model with its first number replaced by a canary of the same size. */
  private static String withCanary(String model) throws IOException {
    String example =
        Files.readString(
            LocalPlatform.home().resolve("models/" + model + "/1/example-request.json"));
    Matcher first = Pattern.compile("(?<=[:\\[] ?)(\\d+)(\\.\\d+)?").matcher(example);
    assertTrue(first.find(), model);
    return example.substring(0, first.start())
        + first.group(1)
        + "."
        + DIGITS
        + example.substring(first.end());
  }

  private static HttpResponse<String> post(
      String path, String bearer, String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(LocalPlatform.gateway() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + bearer)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void noCanaryIsInAnyLogTableOrMetric() throws Exception {
    DemoTokens tokens = LocalPlatform.tokens();
    String ada = tokens.userToken("aurora-general", "dr.ada");
    List<Integer> answered = new ArrayList<>();
    List<String> requestIds = new ArrayList<>();
    for (String model :
        List.of(
            "breast-cancer-diagnosis",
            "diabetes-progression",
            "lesion-classifier",
            "pbc-progression",
            "breast-anomaly")) {
      String body = withCanary(model);
      assertTrue(body.contains(DIGITS), model);
      // the native API, with canaries in a header and the query string too
      HttpResponse<String> answer =
          post(
              "/api/v1/models/" + model + "/predict?note=" + word,
              ada,
              body,
              "X-Clinical-Note",
              word);
      answered.add(answer.statusCode());
      requestIds.add(answer.headers().firstValue("X-Request-Id").orElseThrow());
      // and asked to explain itself (explanations are computed from the input, never kept)
      answered.add(
          post(
                  "/api/v1/models/" + model + "/predict",
                  ada,
                  body.replaceFirst("\\{", "{\"explain\": true, "))
              .statusCode());
    }
    // the Open Inference Protocol, a canary in its tensor
    String tensor =
        "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,10],\"data\":[1."
            + DIGITS
            + ",2,3,4,5,6,7,8,9,10]}]}";
    answered.add(post("/v2/models/diabetes-progression/infer", ada, tensor).statusCode());
    // canary model names, with and without a valid token
    answered.add(post("/api/v1/models/" + word + "/predict", ada, "{}").statusCode());
    answered.add(post("/v2/models/" + word + "/infer", ada, tensor).statusCode());
    answered.add(post("/api/v1/models/" + word + "/predict", "not-a-token", "{}").statusCode());
    assertTrue(answered.contains(200), "predictions were answered: " + answered);
    Thread.sleep(1500); // the linker and the logs catch up

    List<String> hits = new ArrayList<>();
    Stack stack = LocalPlatform.stack();
    StringBuilder logs = new StringBuilder();
    try (Stream<Path> files = Files.walk(stack.config().logs())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = Files.readString(file, StandardCharsets.ISO_8859_1);
        logs.append(content);
        scan("log " + file.getFileName(), content, hits);
      }
    }
    String rows = everyRow();
    scan("database", rows, hits);
    // the search itself can find: these requests' ids are in both, as they should be
    for (String id : requestIds) {
      assertTrue(logs.indexOf(id) >= 0, "the access log names request " + id);
      assertTrue(rows.contains(id), "the audit log holds request " + id);
    }
    for (String service : List.of("gateway", "registry", "inference", "tenant-admin")) {
      scan("metrics of " + service, metrics(stack, service), hits);
    }
    // what an auditor takes away, through the gateway: the CSV and the FHIR export
    String auditor = tokens.userToken("aurora-general", "auditor.aurora");
    HttpResponse<String> fhir =
        LocalPlatform.send("GET", "/api/v1/audit-events/fhir", auditor, null);
    assertEquals(200, fhir.statusCode(), fhir.body());
    assertTrue(
        fhir.headers().firstValue("Content-Type").orElse("").startsWith("application/fhir+json"));
    assertTrue(fhir.body().contains("\"resourceType\":\"AuditEvent\""), "AuditEvents");
    assertTrue(fhir.body().contains("gateway@"), "each event names the node that wrote it");
    HttpResponse<String> csv = LocalPlatform.send("GET", "/api/v1/audit-events/csv", auditor, null);
    assertEquals(200, csv.statusCode(), csv.body());
    for (String id : requestIds) {
      assertTrue(fhir.body().contains(id), "the FHIR export holds request " + id);
      assertTrue(csv.body().contains(id), "the CSV export holds request " + id);
    }
    scan("the FHIR export", fhir.body(), hits);
    scan("the CSV export", csv.body(), hits);
    assertEquals(List.of(), hits, "canaries found");
  }

  private void scan(String where, String content, List<String> hits) {
    String lower = content.toLowerCase(Locale.ROOT);
    for (String canary : List.of(DIGITS, word)) {
      int at = lower.indexOf(canary);
      if (at >= 0) {
        hits.add(
            where
                + ": …"
                + content.substring(Math.max(0, at - 80), Math.min(content.length(), at + 40))
                + "…");
      }
    }
  }

  /** Every row of every table outside PostgreSQL's own schemas, as text, read as the superuser. */
  private static String everyRow() throws Exception {
    StringBuilder all = new StringBuilder();
    try (Connection c = LocalPlatform.superuser();
        Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
                  + " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                  + " AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertTrue(tables.contains("registry.audit_event"), tables.toString());
      for (String table : tables) {
        try (ResultSet rs = st.executeQuery("SELECT t::text FROM " + table + " t")) {
          while (rs.next()) {
            all.append(rs.getString(1)).append('\n');
          }
        }
      }
    }
    return all.toString();
  }

  private static String metrics(Stack stack, String service) throws Exception {
    // every service's metrics are on its management interface
    String base = stack.config().url(stack.config().managementPorts().get(service));
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), service + " metrics");
    return answer.body();
  }
}
