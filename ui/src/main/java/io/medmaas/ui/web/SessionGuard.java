package io.medmaas.ui.web;

import io.medmaas.ui.auth.CurrentUser;
import io.medmaas.ui.auth.ServerSessions;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every console page needs a signed-in person; a visitor who is not is sent to the sign-in page,
 * and a session idle past its limit is ended (at the provider too) instead of served. Each request
 * of the person's own restarts the idle time; asking how much is left does not.
 */
public class SessionGuard {

  /** Pages anyone may see. */
  private static final Set<String> PUBLIC = Set.of("/login", "/signed-out", "/sign-in-error");

  @Inject CurrentUser user;
  @Inject ServerSessions sessions;
  @Inject RoutingContext context;

  @ServerRequestFilter
  public Optional<Response> guard(ContainerRequestContext request) {
    String path = context.normalizedPath();
    if (PUBLIC.contains(path) || path.startsWith("/q/")) {
      return Optional.empty();
    }
    Optional<ServerSessions.Session> session =
        user.signedIn() ? sessions.find(context.get(ServerSessions.SESSION_ID)) : Optional.empty();
    if (session.isEmpty()) {
      return Optional.of(redirect(request, "/login"));
    }
    if (sessions.idleLeftMillis(session.get()) <= 0) {
      if (path.equals("/session/ended") || path.equals("/session/status")) {
        return Optional.empty();
      }
      if (path.startsWith("/session/")) {
        // the page's own script asked: it ends the session by a navigation (the provider's
        // end-session page cannot be reached from a script under the page's policy)
        return Optional.of(Response.status(401).build());
      }
      return Optional.of(redirect(request, "/session/ended"));
    }
    if (!path.equals("/session/status")) {
      sessions.touch(session.get());
    }
    return Optional.empty();
  }

  /** A redirect a browser follows, whether the page asked or htmx did. */
  static Response redirect(ContainerRequestContext request, String to) {
    if ("true".equals(request.getHeaderString("HX-Request"))) {
      return Response.noContent().header("HX-Redirect", to).build();
    }
    return Response.seeOther(URI.create(to)).build();
  }
}
