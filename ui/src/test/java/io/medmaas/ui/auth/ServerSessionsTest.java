package io.medmaas.ui.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.ui.UiConfig;
import io.quarkus.oidc.AuthorizationCodeTokens;
import io.quarkus.oidc.OidcTenantConfig;
import io.vertx.ext.web.RoutingContext;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/**
 * Sessions as quarkus-oidc drives them: created at sign-in, read on each request, and on a token
 * refresh deleted and created again. A refresh is not the person's activity: the idle clock and the
 * session's age carry over, so the automatic logoff cannot be put off by the tokens' own lifetime.
 * A session opens only for the hospital it was made for.
 */
class ServerSessionsTest {

  private static final OidcTenantConfig AURORA = tenant("aurora-general");
  private static final OidcTenantConfig CEDAR = tenant("cedar-valley");

  private static OidcTenantConfig tenant(String id) {
    return OidcTenantConfig.builder().tenantId(id).build();
  }

  /** A request's routing context, holding only its attributes. */
  private static RoutingContext request() {
    return AttributeContext.holding(new HashMap<>());
  }

  private static ServerSessions sessions() {
    UiConfig.Session limits =
        (UiConfig.Session)
            Proxy.newProxyInstance(
                ServerSessionsTest.class.getClassLoader(),
                new Class<?>[] {UiConfig.Session.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "idleTimeout" -> Duration.ofMinutes(15);
                      case "idleWarning" -> Duration.ofMinutes(1);
                      case "maxAge" -> Duration.ofHours(10);
                      case "maxSessions" -> 100;
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    ServerSessions sessions = new ServerSessions();
    sessions.config =
        (UiConfig)
            Proxy.newProxyInstance(
                ServerSessionsTest.class.getClassLoader(),
                new Class<?>[] {UiConfig.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("session")) {
                    return limits;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return sessions;
  }

  /** A sign-in at Aurora General whose access token is {@code access}: the new session's id. */
  private static String signIn(ServerSessions sessions, String access) {
    return sessions
        .createTokenState(request(), AURORA, new AuthorizationCodeTokens("id", access, "r"), null)
        .await()
        .indefinitely();
  }

  @Test
  void aTokenRefreshKeepsTheIdleClockAndTheAge() {
    ServerSessions sessions = sessions();
    String first =
        sessions
            .createTokenState(
                request(), AURORA, new AuthorizationCodeTokens("id", "a1", "r1"), null)
            .await()
            .indefinitely();
    ServerSessions.Session session = sessions.find(first).orElseThrow();
    long tenMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
    session.lastSeenMillis = tenMinutesAgo;
    long created = session.createdMillis;

    // a request after ten idle minutes whose tokens quarkus-oidc refreshes
    RoutingContext refreshing = request();
    sessions.getTokens(refreshing, AURORA, first, null).await().indefinitely();
    sessions.deleteTokens(refreshing, AURORA, first, null).await().indefinitely();
    String second =
        sessions
            .createTokenState(
                refreshing, AURORA, new AuthorizationCodeTokens("id2", "a2", "r2"), null)
            .await()
            .indefinitely();

    assertEquals(first, second, "the same id: requests on their way with the cookie go on");
    ServerSessions.Session refreshed = sessions.find(second).orElseThrow();
    assertEquals(1, sessions.size(), "one session, not an orphan beside it");
    assertEquals(tenMinutesAgo, refreshed.lastSeenMillis, "the refresh was not activity");
    assertEquals(created, refreshed.createdMillis, "nor a new session");
    assertEquals("a2", refreshed.tokens.getAccessToken());
    long left = sessions.idleLeftMillis(refreshed);
    assertTrue(left <= Duration.ofMinutes(5).toMillis(), "five idle minutes left: " + left);
  }

  @Test
  void aSignOutRemovesTheSession() {
    ServerSessions sessions = sessions();
    String id = signIn(sessions, "a");
    RoutingContext signingOut = request();
    sessions.getTokens(signingOut, AURORA, id, null).await().indefinitely();
    signingOut.put(ServerSessions.ENDING, Boolean.TRUE);
    sessions.deleteTokens(signingOut, AURORA, id, null).await().indefinitely();
    assertTrue(sessions.find(id).isEmpty(), "gone, tokens and all");
    // a delete on a request that did not read the session (a failed one) removes it too
    String other = signIn(sessions, "b");
    sessions.deleteTokens(request(), AURORA, other, null).await().indefinitely();
    assertTrue(sessions.find(other).isEmpty());
  }

  @Test
  void aSessionOpensOnlyForItsHospital() {
    ServerSessions sessions = sessions();
    String id = signIn(sessions, "a");
    assertThrows(
        io.quarkus.security.AuthenticationFailedException.class,
        () -> sessions.getTokens(request(), CEDAR, id, null).await().indefinitely(),
        "the same id under another hospital's cookie name");
    assertThrows(
        io.quarkus.security.AuthenticationFailedException.class,
        () -> sessions.getTokens(request(), AURORA, "made-up", null).await().indefinitely());
    assertEquals(
        "a",
        sessions.getTokens(request(), AURORA, id, null).await().indefinitely().getAccessToken());
  }

  @Test
  void sessionsIdlePastTheirLimitAndAGraceAreSweptAway() {
    ServerSessions sessions = sessions();
    String idle = signIn(sessions, "a");
    String active = signIn(sessions, "b");
    sessions.find(idle).orElseThrow().lastSeenMillis =
        System.currentTimeMillis() - Duration.ofMinutes(21).toMillis();
    sessions.sweep();
    assertTrue(sessions.find(idle).isEmpty(), "its tokens are gone");
    assertTrue(sessions.find(active).isPresent());
  }
}
