package io.medmaas.ui.auth;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;

/**
 * Signing in and out. A person names their hospital (its id, or their work e-mail address) and is
 * sent to that hospital's identity provider; the platform's staff take the platform's link. Nobody
 * is shown which hospitals exist: a name that matches none gets one plain sentence.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance login(String message, String typed);

    static native TemplateInstance continueTo(String target);

    static native TemplateInstance signedOut(boolean idle);

    static native TemplateInstance signInError();

    static native TemplateInstance signedInElsewhere(String tenant);
  }

  @Inject Hospitals hospitals;
  @Inject CurrentUser user;
  @Inject SessionEnd end;

  @GET
  @Path("login")
  public Response login() {
    if (user.signedIn()) {
      return Response.seeOther(URI.create("/")).build();
    }
    return Response.ok(Templates.login(null, "")).build();
  }

  /**
   * Where the sign-in goes: to an htmx request a redirect header (a form's own redirect to another
   * origin would be blocked by the page's form-action policy), to a plain form a page with the
   * link.
   */
  @POST
  @Path("login")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> chooseHospital(
      @FormParam("hospital") String typed, @jakarta.ws.rs.HeaderParam("HX-Request") String htmx) {
    return hospitals.idFor(typed, user.address()).map(id -> signInAt(id, typed, htmx));
  }

  private static Response signInAt(Optional<String> id, String typed, String htmx) {
    if (id.isEmpty() || Hospitals.PLATFORM.equals(id.get())) {
      return Response.ok(
              Templates.login(
                  "We could not find a sign-in for that hospital. Check its ID with your"
                      + " administrator, or use your work e-mail address.",
                  ""))
          .build();
    }
    String target = "/sign-in/" + id.get();
    if (typed != null && typed.contains("@")) {
      target +=
          "?login_hint="
              + java.net.URLEncoder.encode(typed.strip(), java.nio.charset.StandardCharsets.UTF_8);
    }
    if ("true".equals(htmx)) {
      return Response.noContent().header("HX-Redirect", target).build();
    }
    return Response.ok(Templates.continueTo(target)).build();
  }

  /**
   * Reached signed in (quarkus-oidc sent the person to their provider first): on to the console.
   * Someone already signed in at another hospital is told to sign out first: a link never ends a
   * session, and one browser is one person.
   */
  @GET
  @Path("sign-in/{hospital}")
  public Response signedIn(@PathParam("hospital") String hospital) {
    if (hospital.equals(user.tenant())) {
      return Response.seeOther(URI.create("/")).build();
    }
    return Response.status(409).entity(Templates.signedInElsewhere(user.tenant())).build();
  }

  @POST
  @Path("logout")
  public Response logout() {
    if (!user.signedIn()) {
      return Response.seeOther(URI.create("/signed-out")).build();
    }
    return end.now(SessionEnd.Reason.SIGNED_OUT);
  }

  @GET
  @Path("signed-out")
  public TemplateInstance signedOut(@QueryParam("reason") String reason) {
    return Templates.signedOut("idle".equals(reason));
  }

  @GET
  @Path("sign-in-error")
  public TemplateInstance signInError() {
    return Templates.signInError();
  }
}
