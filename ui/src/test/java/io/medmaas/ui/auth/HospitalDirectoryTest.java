package io.medmaas.ui.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.medmaas.ui.UiConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's lookup of a hospital through the gateway (a stub on loopback): an active hospital's
 * provider, none for a 404, nothing kept from a failure, the answer kept and then asked again, an
 * answer that is not about the hospital asked or names no https provider refused, lookups at the
 * same time sharing one call, and no more than a few calls under way at once.
 */
class HospitalDirectoryTest {

  private static final String CEDAR =
      "{\"tenant\":\"cedar-valley\",\"issuer\":\"https://login.cedar.example/realms/staff\","
          + "\"rolesClaim\":\"resource_access.console.roles\","
          + "\"roleMapping\":{\"physician\":\"clinician\",\"odd\":7}}";

  private HttpServer gateway;
  private Vertx vertx;
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final AtomicInteger asked = new AtomicInteger();
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private final AtomicLong now = new AtomicLong();
  private HospitalDirectory directory;

  @BeforeEach
  void start() throws Exception {
    gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    gateway.setExecutor(Executors.newCachedThreadPool());
    gateway.createContext(
        "/api/v1/sign-in/",
        exchange -> {
          asked.incrementAndGet();
          try {
            hold.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          String id = exchange.getRequestURI().getPath().substring("/api/v1/sign-in/".length());
          String body = answers.get(id);
          int status = body == null ? 404 : body.equals("fail") ? 503 : 200;
          byte[] bytes =
              (body == null || status != 200 ? "{}" : body).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    gateway.start();
    vertx = Vertx.vertx();
    directory = new HospitalDirectory();
    directory.config = config("http://127.0.0.1:" + gateway.getAddress().getPort());
    directory.vertx = vertx;
    directory.nanos = now::get;
    directory.init();
  }

  @AfterEach
  void stop() {
    hold.countDown();
    gateway.stop(0);
    vertx.closeAndAwait();
  }

  private Optional<Hospital> lookup(String id) {
    return directory.lookup(id).await().atMost(Duration.ofSeconds(10));
  }

  @Test
  void anActiveHospitalsProviderIsFoundKeptAndAskedAgainOnceExpired() {
    answers.put("cedar-valley", CEDAR);
    Hospital cedar = lookup("cedar-valley").orElseThrow();
    assertEquals("https://login.cedar.example/realms/staff", cedar.issuer());
    assertEquals("medmaas-console", cedar.clientId());
    assertEquals("resource_access/console/roles", cedar.rolesClaim(), "quarkus-oidc's form");
    assertEquals(Map.of("physician", "clinician"), cedar.roleMapping(), "only names are kept");
    assertEquals("clinician", cedar.medmaasRole("physician"));
    assertEquals(null, cedar.medmaasRole("clinician"), "under a mapping only mapped names count");
    assertEquals(Optional.of(cedar), lookup("cedar-valley"));
    assertEquals(1, asked.get(), "the second lookup was answered from what was kept");
    now.addAndGet(HospitalDirectory.KNOWN.toNanos() + 1);
    answers.remove("cedar-valley"); // suspended meanwhile
    assertEquals(Optional.empty(), lookup("cedar-valley"), "once expired, asked again");
    assertEquals(2, asked.get());
    assertEquals(Optional.empty(), directory.lastKnown("cedar-valley"));
  }

  @Test
  void aKnownHospitalStaysKnownWhileTheGatewayCannotAnswer() {
    answers.put("cedar-valley", CEDAR);
    Hospital cedar = lookup("cedar-valley").orElseThrow();
    now.addAndGet(HospitalDirectory.KNOWN.toNanos() + 1);
    answers.put("cedar-valley", "fail");
    assertEquals(Optional.of(cedar), lookup("cedar-valley"));
    assertEquals(Optional.of(cedar), directory.lastKnown("cedar-valley"));
    assertEquals(2, asked.get());
  }

  @Test
  void unknownFailedAndUnusableAnswersGiveNoHospital() {
    assertEquals(Optional.empty(), lookup("no-such-hospital"));
    assertEquals(Optional.empty(), lookup("no-such-hospital"));
    assertEquals(1, asked.get(), "a 404 is kept a little while");
    now.addAndGet(HospitalDirectory.UNKNOWN.toNanos() + 1);
    assertEquals(Optional.empty(), lookup("no-such-hospital"));
    assertEquals(2, asked.get(), "then asked again");
    answers.put("broken", "fail");
    assertEquals(Optional.empty(), lookup("broken"));
    assertEquals(Optional.empty(), lookup("broken"));
    assertEquals(4, asked.get(), "a failure is not kept: asked again next time");
    // an answer about another hospital, without an https provider, too large or not JSON: unused
    answers.put(
        "north-ridge", "{\"tenant\":\"aurora-general\",\"issuer\":\"https://login.example/a\"}");
    answers.put(
        "west-end", "{\"tenant\":\"west-end\",\"issuer\":\"http://login.example/realms/w\"}");
    answers.put(
        "east-end",
        "{\"tenant\":\"east-end\",\"issuer\":\"https://login.example/e\",\"pad\":\""
            + "x".repeat(20_000)
            + "\"}");
    answers.put("south-end", "[1,2");
    answers.put("mid-town", "{\"tenant\":\"mid-town\",\"issuer\":\"javascript:alert(1)\"}");
    for (String id : List.of("north-ridge", "west-end", "east-end", "south-end", "mid-town")) {
      assertEquals(Optional.empty(), lookup(id), id);
    }
  }

  @Test
  void lookupsOfOneHospitalAtOnceShareOneCall() throws Exception {
    answers.put("cedar-valley", CEDAR);
    hold = new CountDownLatch(1);
    List<Uni<Optional<Hospital>>> lookups = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      lookups.add(directory.lookup("cedar-valley"));
    }
    List<java.util.concurrent.CompletableFuture<Optional<Hospital>>> results = new ArrayList<>();
    lookups.forEach(l -> results.add(l.subscribeAsCompletionStage()));
    Thread.sleep(300);
    hold.countDown();
    for (var result : results) {
      assertTrue(result.get(10, TimeUnit.SECONDS).isPresent());
    }
    assertEquals(1, asked.get());
  }

  @Test
  void fewCallsAreUnderWayAtOnceAndTheRestGetNoAnswer() throws Exception {
    hold = new CountDownLatch(1);
    List<java.util.concurrent.CompletableFuture<Optional<Hospital>>> results = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      answers.put("hospital-" + i, "{\"tenant\":\"hospital-" + i + "\",\"issuer\":\"https://x\"}");
      results.add(directory.lookup("hospital-" + i).subscribeAsCompletionStage());
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (asked.get() < HospitalDirectory.MAX_IN_FLIGHT && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(200);
    assertEquals(HospitalDirectory.MAX_IN_FLIGHT, asked.get(), "the rest never asked");
    hold.countDown();
    int found = 0;
    for (var result : results) {
      found += result.get(10, TimeUnit.SECONDS).isPresent() ? 1 : 0;
    }
    assertEquals(HospitalDirectory.MAX_IN_FLIGHT, found);
    assertTrue(lookup("hospital-29").isPresent(), "asked once calls are free again");
  }

  private static UiConfig config(String gatewayUrl) {
    return new UiConfig() {
      @Override
      public String gatewayUrl() {
        return gatewayUrl;
      }

      @Override
      public String publicUrl() {
        return "https://console.example";
      }

      @Override
      public String stateSecret() {
        return "x".repeat(32);
      }

      @Override
      public boolean secureCookies() {
        return true;
      }

      @Override
      public Session session() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Map<String, Hospital> hospitals() {
        return Map.of();
      }
    };
  }
}
