package io.medmaas.ui.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error the console shows is a page in plain words, never a stack trace or a problem document
 * (the services' own JSON mappers are outranked here: a person reads these).
 */
public class ErrorPages {

  private static final Logger LOG = Logger.getLogger(ErrorPages.class);
  private static final int FIRST = Priorities.USER - 100;

  @CheckedTemplate(basePath = "errors")
  static class Templates {
    static native TemplateInstance error(int status, String title, String message);

    /** For a request refused before the console handled it (no session controls, no token). */
    static native TemplateInstance refused(int status, String title, String message);
  }

  @ServerExceptionMapper(priority = FIRST)
  public Response page(PageException e) {
    return render(e.status(), e.getMessage());
  }

  @ServerExceptionMapper(priority = FIRST)
  public Response forbidden(ForbiddenException e) {
    return render(403, "Your role does not allow this page.");
  }

  @ServerExceptionMapper(priority = FIRST)
  public Response http(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    return render(
        status,
        switch (status) {
          case 404 -> "There is no such page.";
          case 405 -> "That is not something this page does.";
          case 413 -> "That file is too large.";
          case 415 -> "That kind of content is not accepted here.";
          default -> "The request could not be handled.";
        });
  }

  /**
   * The exact types the services' shared mappers answer with a problem document: a person gets a
   * page here too (the most specific type wins before any priority).
   */
  @ServerExceptionMapper(priority = FIRST)
  public Response unreadable(java.io.IOException e) {
    return render(400, "What was sent could not be read (it was cut short, or is not a form).");
  }

  @ServerExceptionMapper(priority = FIRST)
  public Response malformed(com.fasterxml.jackson.core.JsonProcessingException e) {
    return render(400, "What was sent could not be read.");
  }

  @ServerExceptionMapper(priority = FIRST)
  public Response problem(io.medmaas.common.problem.ProblemException e) {
    return render(400, "The request could not be handled.");
  }

  @ServerExceptionMapper(
      value = {
        io.quarkus.security.AuthenticationFailedException.class,
        io.quarkus.security.UnauthorizedException.class
      },
      priority = FIRST)
  public Response signIn(RuntimeException e) {
    return Response.seeOther(java.net.URI.create("/login")).build();
  }

  @ServerExceptionMapper(priority = FIRST)
  public Response unexpected(Throwable e) {
    // the class name only: messages may carry what a person typed
    LOG.errorf("Console page failed: %s", e.getClass().getName());
    return render(500, "Something went wrong on our side. Try again; if it persists, tell us.");
  }

  static Response render(int status, String message) {
    String title =
        switch (status) {
          case 400 -> "The request was not accepted";
          case 403 -> "Not allowed";
          case 404 -> "Not found";
          default -> status >= 500 ? "Something went wrong" : "Not possible";
        };
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(Templates.error(status, title, message))
        .build();
  }
}
