package io.medmaas.ui.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * A refusal that came without words gets a page: a form posted without its anti-forgery token
 * (quarkus-rest-csrf answers 400 with an empty body) most of all.
 */
public class EmptyRefusals {

  @ServerResponseFilter
  public void explain(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() == 400 && !response.hasEntity()) {
      response.setEntity(
          ErrorPages.Templates.refused(
              400,
              "The form was not accepted",
              "The form had expired, or it was not sent from this console. Reload the page and"
                  + " try again."),
          null,
          MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
    }
  }
}
