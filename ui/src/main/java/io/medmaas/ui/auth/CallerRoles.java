package io.medmaas.ui.auth;

import io.medmaas.ui.UiConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * A signed-in person's medmaas roles, as the gateway reads them from their access token ({@code GET
 * /api/v1/me}: their provider's roles through their hospital's role mapping, only those their kind
 * of tenant may hold). The console's navigation follows these, so that it never reads a token
 * otherwise than the gateway, which decides again on every call. An answer is kept {@link #KEPT}
 * per access token (by its digest, at most {@link #MAX_TOKENS}); one about another tenant than the
 * person's is no roles. While the gateway cannot answer, the person keeps the roles last known for
 * that token, or has none (the navigation shows nothing, the pages still ask the gateway), and it
 * is not asked again for {@link #RETRY_AFTER_FAILURE}. A person with no access token has no roles.
 */
@ApplicationScoped
public class CallerRoles implements SecurityIdentityAugmentor {

  private static final Logger LOG = Logger.getLogger(CallerRoles.class);
  static final Duration KEPT = Duration.ofMinutes(2);
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);
  static final int MAX_TOKENS = 10_000;

  private record Known(Set<String> roles, long untilNanos) {}

  /** The clock answers expire by (a test's own). */
  LongSupplier nanos = System::nanoTime;

  private final Map<String, Known> byToken = new ConcurrentHashMap<>();

  @Inject UiConfig config;
  @Inject Vertx vertx;
  private WebClient client;

  @PostConstruct
  void init() {
    client = GatewayClient.create(vertx, 16);
  }

  @Override
  public Uni<SecurityIdentity> augment(
      SecurityIdentity identity, AuthenticationRequestContext context) {
    if (identity.isAnonymous()) {
      return Uni.createFrom().item(identity);
    }
    AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
    if (token == null || token.getToken() == null) {
      return Uni.createFrom().item(withRoles(identity, Set.of()));
    }
    String tenant = identity.getAttribute(HospitalTenants.TENANT_ATTRIBUTE);
    String digest = digest(token.getToken());
    Known known = byToken.get(digest);
    if (known != null && known.untilNanos() - nanos.getAsLong() > 0) {
      return Uni.createFrom().item(withRoles(identity, known.roles()));
    }
    RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(identity);
    String visitor = routing == null ? null : Visitor.address(routing);
    return ask(token.getToken(), digest, tenant, visitor, known)
        .map(roles -> withRoles(identity, roles));
  }

  private static String digest(String token) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Uni<Set<String>> ask(
      String token, String digest, String tenant, String visitor, Known before) {
    Set<String> fallback = before == null ? Set.of() : before.roles();
    HttpRequest<?> request =
        client
            .getAbs(config.gatewayUrl() + "/api/v1/me")
            .bearerTokenAuthentication(token)
            .putHeader("Accept", "application/json")
            .timeout(5000);
    if (visitor != null) {
      request.putHeader(Visitor.HEADER, visitor);
    }
    return request
        .send()
        .map(
            answer -> {
              if (answer.statusCode() != 200) {
                LOG.warnf("The gateway answered %d to who a person is", answer.statusCode());
                keep(digest, fallback, RETRY_AFTER_FAILURE);
                return fallback;
              }
              JsonObject body = answer.bodyAsJsonObject();
              if (tenant == null || !tenant.equals(body.getString("tenant"))) {
                LOG.warn("The gateway named another tenant for a person; no roles");
                keep(digest, Set.of(), KEPT);
                return Set.<String>of();
              }
              Set<String> roles = new HashSet<>();
              JsonArray named = body.getJsonArray("roles", new JsonArray());
              for (Object role : named) {
                if (role instanceof String name) {
                  roles.add(name);
                }
              }
              keep(digest, Set.copyOf(roles), KEPT);
              return Set.copyOf(roles);
            })
        .onFailure()
        .recoverWithItem(
            failure -> {
              LOG.warnf(
                  "Could not ask the gateway who a person is: %s",
                  failure.getClass().getSimpleName());
              keep(digest, fallback, RETRY_AFTER_FAILURE);
              return fallback;
            });
  }

  private void keep(String digest, Set<String> roles, Duration kept) {
    long now = nanos.getAsLong();
    if (byToken.size() >= MAX_TOKENS) {
      byToken.values().removeIf(k -> k.untilNanos() - now <= 0);
      if (byToken.size() >= MAX_TOKENS) {
        byToken.clear(); // all live: start again rather than ask on every request
      }
    }
    byToken.put(digest, new Known(roles, now + kept.toNanos()));
  }

  /** The identity with exactly {@code roles}: everything else it holds, as it was. */
  private static SecurityIdentity withRoles(SecurityIdentity identity, Set<String> roles) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(identity.getPrincipal())
        .addCredentials(identity.getCredentials())
        .addAttributes(identity.getAttributes())
        .addRoles(roles)
        .addPermissionChecker(identity::checkPermission)
        .build();
  }
}
