package io.medmaas.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.medmaas.gateway.GatewayConfig;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway fetches a tenant's provider keys only from public addresses (unless a local run
 * allows loopback), with no redirect followed and a {@code jwks_uri} of the issuer's own scheme: a
 * provider that turns hostile after onboarding cannot aim the gateway at the platform's network.
 */
class IssuerKeysTest {

  private final AtomicInteger hits = new AtomicInteger();
  private HttpServer provider;
  private Vertx vertx;
  private String issuer;

  @BeforeEach
  void start() throws Exception {
    provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String base = "http://127.0.0.1:" + provider.getAddress().getPort();
    issuer = base + "/realms/x";
    provider.createContext(
        "/",
        exchange -> {
          hits.incrementAndGet();
          sleep(delayMillis);
          String path = exchange.getRequestURI().getPath();
          if (trickle) {
            // headers at once, then a byte of whitespace a second: never idle, never done
            exchange.sendResponseHeaders(200, 0);
            while (trickle) {
              exchange.getResponseBody().write(' ');
              exchange.getResponseBody().flush();
              sleep(1_000);
            }
            exchange.close();
            return;
          }
          byte[] body;
          if (path.endsWith("/openid-configuration")) {
            body = ("{\"jwks_uri\":\"" + jwks(path) + "\"}").getBytes(StandardCharsets.UTF_8);
          } else if (path.startsWith("/redirect")) {
            exchange.getResponseHeaders().add("Location", base + "/realms/x/keys");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
          } else {
            body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
          }
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    provider.start();
    vertx = Vertx.vertx();
  }

  /** Whether the provider trickles its answer for ever. */
  private volatile boolean trickle;

  /** How long the provider takes to answer each request. */
  private volatile long delayMillis;

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Where each test's discovery document sends the gateway for keys. */
  private String jwksTarget = "http://127.0.0.1/keys";

  private String jwks(String path) {
    return jwksTarget;
  }

  @AfterEach
  void stop() throws Exception {
    trickle = false;
    provider.stop(0);
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private IssuerKeys keys(boolean allowPrivate) {
    IssuerKeys keys = new IssuerKeys();
    keys.vertx = vertx;
    keys.config = config(allowPrivate);
    keys.init();
    return keys;
  }

  private static Throwable failure(IssuerKeys keys, String issuer) throws Exception {
    var done = keys.of(issuer).toCompletionStage().toCompletableFuture();
    try {
      done.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the keys were fetched");
  }

  @Test
  void aProviderAtALoopbackAddressIsNotFetchedFrom() throws Exception {
    Throwable refused = failure(keys(false), issuer);
    assertTrue(refused.getMessage().contains("not at a public address"), refused.getMessage());
    assertEquals(0, hits.get(), "nothing was sent");
  }

  @Test
  void aLocalRunMayFetchFromLoopbackButNoRedirectIsFollowed() throws Exception {
    jwksTarget = issuer.replace("/realms/x", "/redirect");
    Throwable refused = failure(keys(true), issuer);
    assertTrue(refused.getMessage().contains("answered 302"), refused.getMessage());
    assertEquals(2, hits.get(), "the discovery document and the redirect, not its target");
  }

  @Test
  void aJwksUriOfAnotherSchemeThanItsIssuerIsRefused() throws Exception {
    jwksTarget = "file:///etc/passwd";
    Throwable refused = failure(keys(true), issuer);
    assertTrue(refused.getMessage().contains("like its issuer"), refused.getMessage());
    assertEquals(1, hits.get(), "the discovery document only");
  }

  @Test
  void requestsArrivingTogetherForANewIssuerAllWaitForItsOneFetch() throws Exception {
    jwksTarget = issuer + "/keys";
    delayMillis = 300;
    IssuerKeys keys = keys(true);
    var first = keys.of(issuer).toCompletionStage().toCompletableFuture();
    var second = keys.of(issuer).toCompletionStage().toCompletableFuture();
    var third = keys.refreshed(issuer).toCompletionStage().toCompletableFuture();
    for (var done : java.util.List.of(first, second, third)) {
      assertEquals(java.util.List.of(), done.get(10, TimeUnit.SECONDS), "the provider's keys");
    }
    assertEquals(2, hits.get(), "one discovery document and one key set for all three");
  }

  @Test
  void aProviderThatNeverFinishesHoldsNoRequestPastTheFetchDeadline() throws Exception {
    trickle = true;
    IssuerKeys keys = keys(true);
    long start = System.nanoTime();
    var first = keys.of(issuer).toCompletionStage().toCompletableFuture();
    var waiting = keys.of(issuer).toCompletionStage().toCompletableFuture();
    for (var done : java.util.List.of(first, waiting)) {
      var failure =
          org.junit.jupiter.api.Assertions.assertThrows(
              java.util.concurrent.ExecutionException.class, () -> done.get(15, TimeUnit.SECONDS));
      assertTrue(failure.getCause().getMessage().contains("took too long"), failure.toString());
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertTrue(seconds < 10, "released at the deadline, not when the provider gave up: " + seconds);
  }

  /** The configuration the fetches read, with everything else unused. */
  private static GatewayConfig config(boolean allowPrivate) {
    GatewayConfig.Tokens tokens =
        (GatewayConfig.Tokens)
            Proxy.newProxyInstance(
                IssuerKeysTest.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.Tokens.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "allowPrivateIssuers" -> allowPrivate;
                      case "keysFor" -> Duration.ofMinutes(10);
                      case "keyRefreshBackoff" -> Duration.ofSeconds(10);
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    return (GatewayConfig)
        Proxy.newProxyInstance(
            IssuerKeysTest.class.getClassLoader(),
            new Class<?>[] {GatewayConfig.class},
            (proxy, method, args) -> {
              if (method.getName().equals("tokens")) {
                return tokens;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
