package io.medmaas.ui.web;

import io.medmaas.ui.auth.HospitalTenants;
import io.medmaas.ui.auth.Hospitals;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;

/**
 * The console's headers on every answer, its pages, scripts and redirects alike: a strict
 * Content-Security-Policy (scripts, styles, images and calls from the console itself only; no
 * inline script or style, no framing, no plugins), no caching, no sniffing, no referrer. Forms may
 * post to the console and, for a signed-in person, to their own provider's origin (signing out ends
 * there); an anonymous visitor's policy names no provider at all.
 */
@ApplicationScoped
public class SecurityHeaders {

  private static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none';"
          + " object-src 'none'; form-action 'self'";

  @Inject Hospitals hospitals;

  void install(@Observes Router router) {
    router.route().order(-100).handler(this::headers);
  }

  private void headers(RoutingContext context) {
    context.addHeadersEndHandler(
        ignored -> {
          var headers = context.response().headers();
          headers.set("Content-Security-Policy", POLICY + providerOrigin(context));
          headers.set("X-Content-Type-Options", "nosniff");
          headers.set("X-Frame-Options", "DENY");
          headers.set("Referrer-Policy", "no-referrer");
          headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
          String path = context.normalizedPath();
          if (!path.startsWith("/webjars/")
              && !path.startsWith("/css/")
              && !path.startsWith("/js/")) {
            headers.set("Cache-Control", "no-store");
          }
        });
    context.next();
  }

  /** " <origin>" of the signed-in person's provider, else nothing. */
  private String providerOrigin(RoutingContext context) {
    if (!(context.user() instanceof QuarkusHttpUser user)
        || user.getSecurityIdentity().isAnonymous()) {
      return "";
    }
    // the tenant that authenticated the person, as their identity says (never a cookie's name)
    String tenant = user.getSecurityIdentity().getAttribute(HospitalTenants.TENANT_ATTRIBUTE);
    return hospitals
        .lastKnown(tenant)
        .map(h -> URI.create(h.issuer()))
        .map(u -> " " + u.getScheme() + "://" + u.getRawAuthority())
        .orElse("");
  }
}
