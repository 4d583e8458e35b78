package io.medmaas.ui.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
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

  private static final String ATTACKER = "198.51.100.66";
  private static final String CEDAR_ISSUER = "https://login.cedar.example/realms/staff";
  private static final String CEDAR =
      "{\"tenant\":\"cedar-valley\",\"issuer\":\"" + CEDAR_ISSUER + "\"}";

  private HttpServer gateway;
  private Vertx vertx;
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final AtomicInteger asked = new AtomicInteger();
  private final List<String> visitors = new java.util.concurrent.CopyOnWriteArrayList<>();
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
          String visitor = String.valueOf(exchange.getRequestHeaders().getFirst("X-Forwarded-For"));
          visitors.add(visitor);
          int status =
              visitor.equals(ATTACKER)
                  ? 429
                  : body == null
                      ? 404
                      : body.equals("fail") ? 503 : body.equals("throttled") ? 429 : 200;
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
    directory.config =
        TestConsoleConfig.withGateway("http://127.0.0.1:" + gateway.getAddress().getPort());
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

  private Optional<String> lookup(String id) {
    return directory.lookup(id, "203.0.113.7").await().atMost(Duration.ofSeconds(10));
  }

  @Test
  void anActiveHospitalsProviderIsFoundKeptAndRenewedInTheBackground() throws Exception {
    answers.put("cedar-valley", CEDAR);
    assertEquals(Optional.of(CEDAR_ISSUER), lookup("cedar-valley"));
    assertEquals(Optional.of(CEDAR_ISSUER), lookup("cedar-valley"));
    assertEquals(1, asked.get(), "the second lookup was answered from what was kept");
    assertEquals("203.0.113.7", visitors.get(0), "asked for the visitor, not for the console");
    now.addAndGet(HospitalDirectory.KNOWN.toNanos() + 1);
    answers.remove("cedar-valley"); // suspended meanwhile
    hold = new CountDownLatch(1);
    assertEquals(
        Optional.of(CEDAR_ISSUER), lookup("cedar-valley"), "a known hospital's people do not wait");
    hold.countDown();
    awaitAsked(2);
    awaitAnswered("cedar-valley");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (directory.lastKnown("cedar-valley").isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(Optional.empty(), directory.lastKnown("cedar-valley"), "renewed: suspended");
    assertEquals("null", visitors.get(1), "a renewal is the console's own question");
    assertEquals(Optional.empty(), lookup("cedar-valley"));
  }

  @Test
  void aThrottledVisitorIsRefusedAloneAndDecidesNothingForOthers() throws Exception {
    answers.put("cedar-valley", CEDAR);
    assertEquals(
        Optional.empty(),
        directory.lookup("cedar-valley", ATTACKER).await().atMost(Duration.ofSeconds(10)));
    awaitAnswered("cedar-valley");
    assertEquals(Optional.empty(), directory.lastKnown("cedar-valley"), "nothing kept of it");
    assertEquals(Optional.of(CEDAR_ISSUER), lookup("cedar-valley"), "asked again for another");
    assertEquals(2, asked.get());
  }

  @Test
  void aKnownHospitalStandsInWhileTheGatewayCannotAnswerButNotForever() throws Exception {
    answers.put("cedar-valley", CEDAR);
    lookup("cedar-valley");
    now.addAndGet(HospitalDirectory.KNOWN.toNanos() + 1);
    for (String failure : List.of("fail", "throttled")) {
      answers.put("cedar-valley", failure);
      assertEquals(Optional.of(CEDAR_ISSUER), lookup("cedar-valley"), failure);
    }
    awaitAsked(2);
    awaitAnswered("cedar-valley");
    assertEquals(2, asked.get(), "a failure is not asked again at once");
    now.addAndGet(HospitalDirectory.RETRY_AFTER_FAILURE.toNanos() + 1);
    assertEquals(Optional.of(CEDAR_ISSUER), lookup("cedar-valley"));
    awaitAsked(3);
    awaitAnswered("cedar-valley");
    now.addAndGet(HospitalDirectory.STALE_LIMIT.toNanos());
    assertEquals(Optional.empty(), directory.lastKnown("cedar-valley"), "never past its limit");
    assertEquals(Optional.empty(), lookup("cedar-valley"));
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
    assertEquals(3, asked.get(), "a failure is not asked again at once");
    now.addAndGet(HospitalDirectory.RETRY_AFTER_FAILURE.toNanos() + 1);
    assertEquals(Optional.empty(), lookup("broken"));
    assertEquals(4, asked.get(), "but after a while");
    // an answer about another hospital, without an https provider, or not JSON: unused
    answers.put(
        "north-ridge", "{\"tenant\":\"aurora-general\",\"issuer\":\"https://login.example/a\"}");
    answers.put(
        "west-end", "{\"tenant\":\"west-end\",\"issuer\":\"http://login.example/realms/w\"}");
    answers.put("south-end", "[1,2");
    answers.put("mid-town", "{\"tenant\":\"mid-town\",\"issuer\":\"javascript:alert(1)\"}");
    answers.put(
        "east-end", "{\"tenant\":\"east-end\",\"issuer\":\"https://user@login.example/e\"}");
    for (String id : List.of("north-ridge", "west-end", "south-end", "mid-town", "east-end")) {
      assertEquals(Optional.empty(), lookup(id), id);
    }
  }

  @Test
  void lookupsOfOneHospitalAtOnceShareOneCallAndAnswerOnTheirOwnContext() throws Exception {
    answers.put("cedar-valley", CEDAR);
    hold = new CountDownLatch(1);
    List<java.util.concurrent.CompletableFuture<Thread>> threads = new ArrayList<>();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      io.vertx.core.Context context = vertx.getDelegate().getOrCreateContext();
      var done = new java.util.concurrent.CompletableFuture<Thread>();
      threads.add(done);
      context.runOnContext(
          ignored -> {
            callers.add(Thread.currentThread());
            directory
                .lookup("cedar-valley", null)
                .subscribe()
                .with(found -> done.complete(Thread.currentThread()), done::completeExceptionally);
          });
    }
    Thread.sleep(300);
    hold.countDown();
    for (int i = 0; i < threads.size(); i++) {
      assertTrue(threads.get(i).get(10, TimeUnit.SECONDS).getName().contains("eventloop"));
    }
    assertEquals(1, asked.get());
  }

  @Test
  void fewCallsAreUnderWayAtOnceAndTheRestGetNoAnswer() throws Exception {
    hold = new CountDownLatch(1);
    List<java.util.concurrent.CompletableFuture<Optional<String>>> results = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      answers.put("hospital-" + i, "{\"tenant\":\"hospital-" + i + "\",\"issuer\":\"https://x\"}");
      results.add(directory.lookup("hospital-" + i, null).subscribeAsCompletionStage());
    }
    awaitAsked(HospitalDirectory.MAX_IN_FLIGHT);
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

  private void awaitAnswered(String id) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (directory.asking(id) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(!directory.asking(id), "answered");
  }

  private void awaitAsked(int calls) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (asked.get() < calls && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(calls, asked.get());
  }
}
