package io.medmaas.ui.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.mutiny.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console takes a person's roles from the gateway (a stub on loopback), as the gateway reads
 * their token: its answer, kept a while per token; none when it names another tenant or cannot be
 * had; the person's tokens and everything else about them kept as they were.
 */
class CallerRolesTest {

  private HttpServer gateway;
  private Vertx vertx;
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final AtomicInteger asked = new AtomicInteger();
  private final AtomicLong now = new AtomicLong();
  private final CallerRoles roles = new CallerRoles();

  @BeforeEach
  void start() throws Exception {
    gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    gateway.createContext(
        "/api/v1/me",
        exchange -> {
          asked.incrementAndGet();
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          String body = auth == null ? null : answers.get(auth.substring("Bearer ".length()));
          byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(body == null ? 401 : 200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    gateway.start();
    vertx = Vertx.vertx();
    roles.config =
        TestConsoleConfig.withGateway("http://127.0.0.1:" + gateway.getAddress().getPort());
    roles.vertx = vertx;
    roles.nanos = now::get;
    roles.init();
  }

  @AfterEach
  void stop() {
    gateway.stop(0);
    vertx.closeAndAwait();
  }

  private static SecurityIdentity person(String tenant, String token, String... providerRoles) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal("dr.grey"))
        .addRoles(Set.of(providerRoles))
        .addCredential(new AccessTokenCredential(token))
        .addCredential(new IdTokenCredential("id-token-" + token))
        .addAttribute(HospitalTenants.TENANT_ATTRIBUTE, tenant)
        .build();
  }

  private SecurityIdentity augmented(SecurityIdentity identity) {
    return roles.augment(identity, null).await().atMost(Duration.ofSeconds(10));
  }

  @Test
  void thePersonsRolesAreTheGatewaysKeptAWhileAndNothingElseOfThemChanges() {
    answers.put("t-1", "{\"tenant\":\"cedar-valley\",\"roles\":[\"clinician\",\"auditor\",7]}");
    SecurityIdentity person = person("cedar-valley", "t-1", "physician", "platform-admin");
    SecurityIdentity signedIn = augmented(person);
    assertEquals(Set.of("clinician", "auditor"), signedIn.getRoles());
    assertEquals("dr.grey", signedIn.getPrincipal().getName());
    assertEquals("t-1", signedIn.getCredential(AccessTokenCredential.class).getToken());
    assertEquals("id-token-t-1", signedIn.getCredential(IdTokenCredential.class).getToken());
    assertEquals("cedar-valley", signedIn.getAttribute(HospitalTenants.TENANT_ATTRIBUTE));
    assertEquals(Set.of("clinician", "auditor"), augmented(person).getRoles());
    assertEquals(1, asked.get(), "kept for the token");
    now.addAndGet(CallerRoles.KEPT.toNanos() + 1);
    answers.put("t-1", "{\"tenant\":\"cedar-valley\",\"roles\":[\"clinician\"]}");
    assertEquals(Set.of("clinician"), augmented(person).getRoles(), "asked again once expired");
  }

  @Test
  void whileTheGatewayCannotAnswerThePersonKeepsTheRolesLastKnownAndItIsNotAskedAtOnce() {
    answers.put("t-5", "{\"tenant\":\"cedar-valley\",\"roles\":[\"hospital-admin\"]}");
    SecurityIdentity person = person("cedar-valley", "t-5", "admin");
    augmented(person);
    now.addAndGet(CallerRoles.KEPT.toNanos() + 1);
    answers.remove("t-5"); // the gateway answers 401 now (say, it is out of sorts)
    assertEquals(Set.of("hospital-admin"), augmented(person).getRoles());
    assertEquals(Set.of("hospital-admin"), augmented(person).getRoles());
    assertEquals(2, asked.get(), "a failure is not asked again at once");
  }

  @Test
  void aPersonWithoutAnAccessTokenHasNoRoles() {
    SecurityIdentity bare =
        QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("someone"))
            .addRoles(Set.of("platform-admin"))
            .build();
    assertEquals(Set.of(), augmented(bare).getRoles());
    assertEquals(0, asked.get());
  }

  @Test
  void anotherTenantsAnswerOrNoAnswerIsNoRoles() {
    answers.put("t-2", "{\"tenant\":\"aurora-general\",\"roles\":[\"hospital-admin\"]}");
    assertEquals(Set.of(), augmented(person("cedar-valley", "t-2", "hospital-admin")).getRoles());
    assertEquals(Set.of(), augmented(person("cedar-valley", "t-3", "hospital-admin")).getRoles());
    gateway.stop(0);
    assertEquals(Set.of(), augmented(person("cedar-valley", "t-4", "clinician")).getRoles());
  }

  @Test
  void anAnonymousVisitorIsLeftAlone() {
    SecurityIdentity anonymous = QuarkusSecurityIdentity.builder().setAnonymous(true).build();
    assertSame(anonymous, augmented(anonymous));
    assertEquals(0, asked.get());
  }
}
