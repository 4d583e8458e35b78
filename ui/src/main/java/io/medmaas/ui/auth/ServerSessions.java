package io.medmaas.ui.auth;

import io.medmaas.ui.UiConfig;
import io.quarkus.oidc.AuthorizationCodeTokens;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TokenStateManager;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in sessions, kept in this process: a person's tokens never reach the browser, whose
 * session cookie holds only a random 256-bit id. An entry belongs to the hospital it was created
 * for (a cookie renamed to another hospital's opens nothing), ends after the idle time and the
 * maximum age, and is dropped at logout.
 *
 * <p>Sessions live as long as this process: a restart signs everyone out, and several console
 * replicas need their load balancer to keep a person on one (see the chart's notes).
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class ServerSessions implements TokenStateManager {

  /** The request's session id, for the idle check and logout. */
  public static final String SESSION_ID = "medmaas.session-id";

  /** The request's session itself, so that a refresh carries its clocks over. */
  private static final String SESSION = "medmaas.session";

  /** Set on a request that ends its session (sign-out, idle end): its tokens go. */
  public static final String ENDING = "medmaas.session-ending";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** One session: its hospital, its tokens, when it began and when it was last used. */
  public static final class Session {
    final String tenant;
    final AuthorizationCodeTokens tokens;
    final long createdMillis;
    volatile long lastSeenMillis;

    Session(String tenant, AuthorizationCodeTokens tokens, long now) {
      this.tenant = tenant;
      this.tokens = tokens;
      this.createdMillis = now;
      this.lastSeenMillis = now;
    }

    public String tenant() {
      return tenant;
    }

    public String idToken() {
      return tokens.getIdToken();
    }
  }

  @Inject UiConfig config;
  @Inject io.vertx.core.Vertx vertx;

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  /** Ended sessions are dropped every minute, their tokens with them. */
  @jakarta.annotation.PostConstruct
  void sweepEveryMinute() {
    if (config.session().maxSessions() < 1) {
      throw new IllegalStateException("medmaas.ui.session.max-sessions must be at least 1");
    }
    vertx.setPeriodic(60_000, id -> sweep());
  }

  /**
   * Drops the sessions idle for five minutes past their limit (an open page has ended its own by
   * then, the provider's with it; this is for pages closed meanwhile) or older than the maximum
   * age.
   */
  void sweep() {
    long now = System.currentTimeMillis();
    long idle = config.session().idleTimeout().toMillis() + SWEEP_GRACE_MILLIS;
    sessions
        .entrySet()
        .removeIf(
            e ->
                now - e.getValue().lastSeenMillis > idle
                    || now - e.getValue().createdMillis > config.session().maxAge().toMillis());
  }

  private static final long SWEEP_GRACE_MILLIS = 5 * 60_000L;

  @Override
  public Uni<String> createTokenState(
      RoutingContext context,
      OidcTenantConfig oidcConfig,
      AuthorizationCodeTokens tokens,
      OidcRequestContext<String> requestContext) {
    long now = System.currentTimeMillis();
    Session refreshed = context.get(SESSION);
    String tenant = oidcConfig.tenantId().orElseThrow();
    if (refreshed != null && refreshed.tenant.equals(tenant)) {
      // a refresh: the new tokens take the session's place under its id, so requests already on
      // their way with the cookie go on (and two refreshes at once leave one session); its age and
      // its last activity carry over, so refreshing tokens is never activity
      String id = context.get(SESSION_ID);
      Session session = new Session(tenant, tokens, refreshed.createdMillis);
      session.lastSeenMillis = refreshed.lastSeenMillis;
      sessions.put(id, session);
      context.put(SESSION, session);
      return Uni.createFrom().item(id);
    }
    makeRoom();
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    sessions.put(id, new Session(tenant, tokens, now));
    context.put(SESSION_ID, id);
    return Uni.createFrom().item(id);
  }

  @Override
  public Uni<AuthorizationCodeTokens> getTokens(
      RoutingContext context,
      OidcTenantConfig oidcConfig,
      String tokenState,
      OidcRequestContext<AuthorizationCodeTokens> requestContext) {
    Session session = tokenState == null ? null : sessions.get(tokenState);
    if (session == null || !session.tenant.equals(oidcConfig.tenantId().orElse(null))) {
      return Uni.createFrom().failure(new AuthenticationFailedException("no such session"));
    }
    if (System.currentTimeMillis() - session.createdMillis > config.session().maxAge().toMillis()) {
      sessions.remove(tokenState);
      return Uni.createFrom().failure(new AuthenticationFailedException("session too old"));
    }
    context.put(SESSION_ID, tokenState);
    context.put(SESSION, session);
    return Uni.createFrom().item(session.tokens);
  }

  @Override
  public Uni<Void> deleteTokens(
      RoutingContext context,
      OidcTenantConfig oidcConfig,
      String tokenState,
      OidcRequestContext<Void> requestContext) {
    // quarkus-oidc deletes a session it is about to refresh: kept, for createTokenState to update
    // under the same id; a sign-out (SessionEnd) or a session not read here is removed
    boolean refreshing = context.get(SESSION) != null && context.get(ENDING) == null;
    if (tokenState != null && !refreshing) {
      sessions.remove(tokenState);
    }
    return Uni.createFrom().voidItem();
  }

  /** The session of an id, if it is still held. */
  public Optional<Session> find(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(sessions.get(id));
  }

  /** Milliseconds before the session ends for idleness (0 or less: it has). */
  public long idleLeftMillis(Session session) {
    return config.session().idleTimeout().toMillis()
        - (System.currentTimeMillis() - session.lastSeenMillis);
  }

  /** A request of the person's own: the idle time starts again. */
  public void touch(Session session) {
    session.lastSeenMillis = System.currentTimeMillis();
  }

  /** Ends a session here (the provider's is ended by the logout redirect). */
  public Optional<Session> end(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(sessions.remove(id));
  }

  /** Sessions held now. */
  public int size() {
    return sessions.size();
  }

  /** Drops ended sessions, and when still full the longest idle ones, so the map stays bounded. */
  private void makeRoom() {
    if (sessions.size() < config.session().maxSessions()) {
      return;
    }
    sweep();
    while (sessions.size() >= config.session().maxSessions()) {
      sessions.entrySet().stream()
          .min(Comparator.comparingLong(e -> e.getValue().lastSeenMillis))
          .ifPresent(e -> sessions.remove(e.getKey(), e.getValue()));
    }
  }
}
