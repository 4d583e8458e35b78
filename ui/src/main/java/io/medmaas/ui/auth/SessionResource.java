package io.medmaas.ui.auth;

import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;

/**
 * The automatic logoff (HIPAA 164.312(a)(2)(iii)) as the page sees it: how long the session has
 * left (asked without counting as activity), "stay signed in", and the end of an idle session,
 * which ends the identity provider's session too.
 */
@Path("/session")
public class SessionResource {

  @Inject ServerSessions sessions;
  @Inject SessionEnd end;
  @Inject RoutingContext context;

  /** Seconds left before the idle logoff; asking does not count as activity. */
  @GET
  @Path("status")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Long> status() {
    long left =
        sessions
            .find(context.get(ServerSessions.SESSION_ID))
            .map(s -> Math.max(0, sessions.idleLeftMillis(s) / 1000))
            .orElse(0L);
    return Map.of("idleSecondsLeft", left);
  }

  /** "Stay signed in": a request of the person's own, which is all it takes. */
  @POST
  @Path("keepalive")
  public Response keepAlive() {
    return Response.noContent().build();
  }

  /**
   * Ends the session if it has been idle too long (and only then: a link cannot sign anyone out).
   */
  @GET
  @Path("ended")
  public Response ended() {
    boolean idle =
        sessions
            .find(context.get(ServerSessions.SESSION_ID))
            .map(s -> sessions.idleLeftMillis(s) <= 0)
            .orElse(false);
    return idle ? end.now(SessionEnd.Reason.IDLE) : Response.seeOther(URI.create("/")).build();
  }
}
