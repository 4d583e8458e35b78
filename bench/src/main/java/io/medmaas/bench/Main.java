package io.medmaas.bench;

import io.medmaas.launcher.DemoTokens;
import io.medmaas.launcher.KeyMaterial;
import io.medmaas.launcher.Stack;
import io.medmaas.launcher.StackConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The serving benchmark, all in one run on this machine: it starts the local stack (PostgreSQL,
 * Keycloak, the services) plus inference variants (batching off, a queue delay), then measures,
 * each for a bounded time on loopback: the bare hop to inference and the full gateway path (closed
 * loop with wrk, CPU per request of every process, audit records per transaction, fsync on and
 * off), latency at half of saturation (open loop), raw ONNX Runtime batch 1 vs 32, and batching on
 * versus off per model family at concurrency 1, 8 and 32. Prints the tables and writes them to
 * docs/benchmarks.md.
 */
public final class Main {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final String TENANT = "aurora-general";
  private static final Duration ZERO = Duration.ofMillis(1);
  private static final long DELAY_MICROS = 500;
  private static final int SATURATION = 32;

  private Main() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("medmaas.home", ".")).toAbsolutePath().normalize();
    Duration warmup = Duration.ofSeconds(Long.getLong("bench.warmup-seconds", 2));
    Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 5));
    Path state = home.resolve("bench/target/stack");
    deleteRecursively(state.resolve("postgres"));
    Files.createDirectories(state);
    Family[] families = Family.all(home.resolve("models"));
    Duration pathLength = Duration.ofSeconds(Long.getLong("bench.path-seconds", 15));
    List<PathFigures> paths = new ArrayList<>();
    List<Measurement> engine = new ArrayList<>();
    List<Measurement[]> batching = new ArrayList<>();
    List<Measurement[]> delays = new ArrayList<>();
    PathFigures halfLoad;
    long started = System.nanoTime();
    log("Starting the stack (PostgreSQL, Keycloak, services): about a minute");
    try (Stack stack = Stack.start(StackConfig.ephemeral(home, state), Main::log)) {
      StackConfig config = stack.config();
      int unbatchedPort = freePort();
      log("Starting a second inference with dynamic batching off on port " + unbatchedPort);
      stack.startVariant(
          "inference",
          "inference-unbatched",
          unbatchedPort,
          Map.of("medmaas.inference.batching.max-batch-size", "1"));
      String batched = config.url(config.inferencePort());
      String unbatched = config.url(unbatchedPort);
      int delayedPort = freePort();
      log("Starting a third inference that waits up to " + DELAY_MICROS + " µs to fill batches");
      stack.startVariant(
          "inference",
          "inference-delayed",
          delayedPort,
          Map.of("medmaas.inference.batching.max-queue-delay-micros", Long.toString(DELAY_MICROS)));
      String delayed = config.url(delayedPort);
      String gateway = config.url(config.gatewayPort());
      int unmeteredPort = freePort();
      log("Starting a second gateway with the quota stage off on port " + unmeteredPort);
      stack.startVariant(
          "gateway",
          "gateway-unmetered",
          unmeteredPort,
          Map.of(
              "quarkus.management.port",
              Integer.toString(freePort()),
              "medmaas.quotas.enforced",
              "false"));
      String unmeteredUrl =
          config.url(unmeteredPort) + "/api/v1/models/" + families[0].model() + "/predict";
      String internal =
          InternalTokenSigner.clinician(KeyMaterial.ensure(config.keys()).privateKey(), TENANT);
      log("Giving the bench's machine client hour-long tokens (this private Keycloak only)");
      LongLivedTokens.forClient(config.keycloakUrl(), TENANT, TENANT + "-system");
      String token =
          new DemoTokens(config.keycloakUrl())
              .clientToken(TENANT, TENANT + "-system", "demo-" + TENANT + "-system-secret");
      // the bench measures the gateway's quota stage, not a plan's limit: the tenant's rate and
      // concurrency are raised far past what two cores can send
      String platformAdmin =
          new DemoTokens(config.keycloakUrl()).userToken("medmaas", "platform.admin");
      liftQuota(gateway, platformAdmin);
      for (Family family : families) { // load and warm every model on every instance
        require(post(batched, family, internal), family.model());
        require(post(unbatched, family, internal), family.model());
        require(post(delayed, family, internal), family.model());
      }
      Family mlp = families[0];
      String bareUrl = batched + "/internal/models/" + mlp.model() + "/predict";
      String gatewayUrl = gateway + "/api/v1/models/" + mlp.model() + "/predict";
      Wrk wrk = new Wrk(state.resolve("wrk"));
      // The JIT needs far more than a few seconds on 2 cores: without this every early figure
      // measures the compiler, not the service.
      Duration jit = Duration.ofSeconds(Long.getLong("bench.jit-warmup-seconds", 15));
      log("Warming the JIT of every path (" + jit.toSeconds() + " s each, the gateway's 6 times)");
      for (Family family : families) {
        LoadGenerator.closed(
            "jit", "bare", 8, () -> post(batched, family, internal) == 200, jit, ZERO, List.of());
        LoadGenerator.closed(
            "jit", "bare", 8, () -> post(unbatched, family, internal) == 200, jit, ZERO, List.of());
      }
      String apiKey = partnerKey(gateway, config.keycloakUrl(), mlp.model());
      wrk.post(bareUrl, mlp.body(), internal, 8, jit);
      wrk.post(gatewayUrl, mlp.body(), token, 8, jit.multipliedBy(6));
      wrk.post(unmeteredUrl, mlp.body(), token, 8, jit.multipliedBy(6));
      wrk.postWithKey(gatewayUrl, mlp.body(), apiKey, 8, jit.multipliedBy(2));

      log("Paths for the MLP: bare hop and gateway, closed loop (wrk) at 8 and " + SATURATION);
      PathBench bench =
          new PathBench(
              wrk,
              new PathBench.Processes(
                  stack.pid("gateway"),
                  stack.pid("inference"),
                  stack.pid("registry"),
                  state.resolve("postgres")),
              new AuditBatches(
                  config.jdbcUrl(),
                  KeyMaterial.ensure(config.keys()).databasePassword("postgres")));
      // the same gateway path through a gateway whose quota stage is off: the stage's cost
      PathBench unmetered =
          new PathBench(
              wrk,
              new PathBench.Processes(
                  stack.pid("gateway-unmetered"),
                  stack.pid("inference"),
                  stack.pid("registry"),
                  state.resolve("postgres")),
              new AuditBatches(
                  config.jdbcUrl(),
                  KeyMaterial.ensure(config.keys()).databasePassword("postgres")));
      for (int connections : new int[] {8, SATURATION}) {
        paths.add(
            bench.closed(PathReport.BARE, bareUrl, mlp.body(), internal, connections, pathLength));
        paths.add(
            bench.closed(
                PathReport.GATEWAY, gatewayUrl, mlp.body(), token, connections, pathLength));
        paths.add(
            unmetered.closed(
                PathReport.GATEWAY_NO_QUOTA,
                unmeteredUrl,
                mlp.body(),
                token,
                connections,
                pathLength));
        paths.add(
            bench.closedWithKey(
                PathReport.API_KEY, gatewayUrl, mlp.body(), apiKey, connections, pathLength));
      }
      log("The gateway path once more with PostgreSQL's fsync off, for what durability costs");
      AuditBatches audit =
          new AuditBatches(
              config.jdbcUrl(), KeyMaterial.ensure(config.keys()).databasePassword("postgres"));
      audit.fsync(false);
      try {
        paths.add(
            bench.closed(
                PathReport.GATEWAY_NO_FSYNC, gatewayUrl, mlp.body(), token, 8, pathLength));
      } finally {
        audit.fsync(true);
      }
      double saturated =
          paths.stream()
              .filter(f -> f.path().equals(PathReport.GATEWAY) && f.concurrency() == SATURATION)
              .findFirst()
              .orElseThrow()
              .throughput();
      log("Latency at half of the gateway's saturation, open loop");
      OpenLoop.post(gatewayUrl, mlp.body(), token, saturated / 2, 16, jit); // its own JIT
      halfLoad =
          bench.open(PathReport.GATEWAY, gatewayUrl, mlp.body(), token, saturated / 2, pathLength);
      List<Long> inference = List.of(stack.pid("inference"));

      for (Family family : families) {
        log("Engine batch 1 vs 32: " + family.label());
        try (RawEngine raw = raw(home, family)) {
          engine.add(raw.measure(family.label(), 1, 1, warmup, measure));
          engine.add(raw.measure(family.label(), 1, 32, warmup, measure));
        }
        for (int concurrency : new int[] {1, 8, 32}) {
          log("Batching off vs on: " + family.label() + " at concurrency " + concurrency);
          Measurement off =
              LoadGenerator.closed(
                  family.label(),
                  "batching off",
                  concurrency,
                  () -> post(unbatched, family, internal) == 200,
                  warmup,
                  measure,
                  List.of(stack.pid("inference-unbatched")));
          Measurement on =
              LoadGenerator.closed(
                  family.label(),
                  "batching on",
                  concurrency,
                  () -> post(batched, family, internal) == 200,
                  warmup,
                  measure,
                  inference);
          batching.add(new Measurement[] {off, on});
        }
      }

      for (Family family : new Family[] {families[0], families[3]}) {
        LoadGenerator.closed(
            "jit",
            "delayed",
            8,
            () -> post(delayed, family, internal) == 200,
            jit,
            ZERO,
            List.of());
        for (int concurrency : new int[] {8, 32}) {
          log("Queue delay 0 vs " + DELAY_MICROS + " µs: " + family.label() + " at " + concurrency);
          Measurement none =
              LoadGenerator.closed(
                  family.label(),
                  "delay 0",
                  concurrency,
                  () -> post(batched, family, internal) == 200,
                  warmup,
                  measure,
                  inference);
          Measurement waited =
              LoadGenerator.closed(
                  family.label(),
                  "delay " + DELAY_MICROS + " µs",
                  concurrency,
                  () -> post(delayed, family, internal) == 200,
                  warmup,
                  measure,
                  List.of(stack.pid("inference-delayed")));
          delays.add(new Measurement[] {none, waited});
        }
      }
    }
    String report =
        Report.markdown(
            paths,
            halfLoad,
            SATURATION,
            engine,
            batching,
            delays,
            warmup,
            measure,
            pathLength,
            (System.nanoTime() - started));
    System.out.println();
    System.out.println(report);
    Path docs = home.resolve("docs/benchmarks.md");
    Files.writeString(docs, report);
    log("Written to " + home.relativize(docs));
  }

  private static RawEngine raw(Path home, Family family) throws Exception {
    return new RawEngine(
        home.resolve("models").resolve(family.model()).resolve("1/model.onnx"),
        family.input(),
        family.itemShape());
  }

  /** POSTs the family's one-instance request to {@code base}/models/{m}/predict (or internal). */
  private static int post(String base, Family family, String bearer) throws Exception {
    String url =
        base.endsWith("/api/v1")
            ? base + "/models/" + family.model() + "/predict"
            : base + "/internal/models/" + family.model() + "/predict";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + bearer)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(family.body()))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static void require(int status, String model) {
    if (status != 200) {
      throw new IllegalStateException(model + " answered HTTP " + status + " while warming up");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static void log(String line) {
    System.out.println("[bench] " + line);
  }

  private static void liftQuota(String gateway, String platformAdmin) throws Exception {
    callAdminApi(
        "PUT",
        gateway + "/api/v1/tenants/" + TENANT + "/quota",
        platformAdmin,
        "{\"overrides\":{\"ratePerSecond\":100000,\"burst\":100000,\"maxConcurrent\":100000}}",
        200);
    Thread.sleep(1000); // the gateway takes the new limits from tenant-admin's event
  }

  /** A partner's API key of the bench's tenant for one model, created as its hospital admin. */
  private static String partnerKey(String gateway, String keycloakUrl, String model)
      throws Exception {
    String admin = new DemoTokens(keycloakUrl).userToken(TENANT, "admin.aurora");
    String created =
        callAdminApi(
            "POST",
            gateway + "/api/v1/tenants/" + TENANT + "/api-keys",
            admin,
            "{\"name\":\"bench\",\"scopes\":[\"predict:"
                + model
                + "\"],\"expiresAt\":\""
                + java.time.Instant.now().plus(Duration.ofDays(1))
                + "\"}",
            201);
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(created)
        .get("secret")
        .asText();
  }

  /** One JSON call of the gateway's admin API that must answer {@code expected}; its body. */
  private static String callAdminApi(
      String method, String url, String bearer, String json, int expected) throws Exception {
    var answer =
        HTTP.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(json))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != expected) {
      throw new IllegalStateException(method + " " + url + " answered " + answer.statusCode());
    }
    return answer.body();
  }
}
