package io.medmaas.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.medmaas.common.caller.RequestIds;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every failure as RFC 9457 problem+json. Framework messages are replaced by our own titles
 * because they can echo request content (for example Jackson's parse errors quote input).
 */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e, HttpHeaders headers) {
    Problem problem = Problem.of(e.type(), e.getMessage(), RequestIds.from(headers));
    if (e.errors() != null) {
      problem = problem.withErrors(e.errors());
    }
    Response response = render(problem);
    if (e.retryAfterSeconds() != null) {
      response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds().toString());
    }
    return response;
  }

  @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
  public Response unauthenticated(RuntimeException e, HttpHeaders headers) {
    return render(ProblemType.UNAUTHENTICATED, "A valid bearer token is required", headers);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, HttpHeaders headers) {
    return render(ProblemType.FORBIDDEN, "The caller's roles do not allow this action", headers);
  }

  @ServerExceptionMapper
  public Response malformedJson(JsonProcessingException e, HttpHeaders headers) {
    return render(
        ProblemType.MALFORMED_REQUEST,
        "The request body is not valid JSON of the expected shape",
        headers);
  }

  /**
   * A body of the wrong JSON shape ({@code []} for an object, an object for a boolean). Quarkus has
   * a built-in mapper for this exception whose body repeats the offending value; this one wins.
   */
  @ServerExceptionMapper
  public Response mismatchedJson(MismatchedInputException e, HttpHeaders headers) {
    return malformedJson(e, headers);
  }

  @ServerExceptionMapper
  public Response http(WebApplicationException e, HttpHeaders headers) {
    int status = e.getResponse().getStatus();
    if (e.getCause() instanceof JsonProcessingException) {
      return malformedJson((JsonProcessingException) e.getCause(), headers);
    }
    ProblemType type = ProblemType.forStatus(status);
    return render(
        new Problem(
            Problem.TYPE_BASE + type.slug(),
            type.title(),
            status,
            type.title(),
            RequestIds.from(headers),
            null));
  }

  /**
   * A body the framework could not read as its Content-Type says (a malformed multipart body, a
   * body cut short): the caller's to fix, so 400, never a 500.
   */
  @ServerExceptionMapper
  public Response unreadableBody(java.io.IOException e, HttpHeaders headers) {
    return render(
        ProblemType.MALFORMED_REQUEST,
        "The request body could not be read as its Content-Type says",
        headers);
  }

  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable e, HttpHeaders headers) {
    String requestId = RequestIds.from(headers);
    // The class name only: exception messages may carry input values.
    LOG.errorf("Unhandled %s for request %s", e.getClass().getName(), requestId);
    if (LOG.isDebugEnabled()) {
      LOG.debugf("Unhandled %s at %s", e.getClass().getName(), frames(e));
    }
    return render(Problem.of(ProblemType.INTERNAL, "An unexpected error occurred", requestId));
  }

  /** Where an exception was thrown, without its message (which may quote input). */
  static String frames(Throwable e) {
    return java.util.Arrays.stream(e.getStackTrace())
        .limit(12)
        .map(StackTraceElement::toString)
        .collect(java.util.stream.Collectors.joining(" <- "));
  }

  private static Response render(ProblemType type, String detail, HttpHeaders headers) {
    return render(Problem.of(type, detail, RequestIds.from(headers)));
  }

  public static Response render(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }
}
