package io.medmaas.ui.auth;

import io.medmaas.ui.UiConfig;
import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcSession;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Ends a person's session everywhere: here (the server's entry and the session cookie), then at
 * their identity provider, by sending the browser to its end-session endpoint with the ID token as
 * the hint, from where it comes back to the signed-out page. Used by sign-out and by the idle
 * logoff alike.
 */
@RequestScoped
public class SessionEnd {

  /** Why a session ended, as the signed-out page tells it. */
  public enum Reason {
    SIGNED_OUT,
    IDLE
  }

  @Inject OidcSession session;
  @Inject OidcConfigurationMetadata provider;
  @Inject UiConfig config;
  @Inject Hospitals hospitals;
  @Inject CurrentUser user;
  @Inject io.vertx.ext.web.RoutingContext context;

  /** The answer that ends the session: a 303 to the provider's end-session endpoint. */
  public Response now(Reason reason) {
    String idToken = session.getIdToken() == null ? null : session.getIdToken().getRawToken();
    String clientId =
        hospitals.lastKnown(user.tenant()).map(Hospital::clientId).orElse(Hospital.CONSOLE_CLIENT);
    context.put(ServerSessions.ENDING, Boolean.TRUE);
    session.logout().await().indefinitely();
    String back =
        config.publicUrl() + "/signed-out" + (reason == Reason.IDLE ? "?reason=idle" : "");
    String end = provider.getEndSessionUri();
    if (end == null) {
      return Response.seeOther(URI.create(back)).build();
    }
    StringBuilder target =
        new StringBuilder(end)
            .append(end.contains("?") ? '&' : '?')
            .append("client_id=")
            .append(encode(clientId))
            .append("&post_logout_redirect_uri=")
            .append(encode(back));
    if (idToken != null) {
      target.append("&id_token_hint=").append(encode(idToken));
    }
    return Response.seeOther(URI.create(target.toString()))
        .header("Clear-Site-Data", "\"cache\", \"storage\"")
        .build();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
