package io.medmaas.ui.auth;

import io.medmaas.common.access.Action;
import io.medmaas.ui.UiConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdToken;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The person signed in for this request, as the pages and templates see them ({@code
 * {inject:user.name}}): their hospital, name and roles, and the access token the console forwards
 * to the gateway. Which pages the navigation shows follows the platform's one role table ({@link
 * Action}); the gateway decides again on every call.
 */
@Named("user")
@RequestScoped
public class CurrentUser {

  @Inject SecurityIdentity identity;
  @Inject @IdToken JsonWebToken idToken;
  @Inject UiConfig config;
  @Inject io.vertx.ext.web.RoutingContext context;

  public boolean signedIn() {
    return !identity.isAnonymous();
  }

  /**
   * The tenant id of the person's hospital ({@code platform} for the platform's staff): the one
   * whose provider authenticated them, as quarkus-oidc noted it on their identity (never a cookie's
   * name).
   */
  public String tenant() {
    return signedIn() ? identity.getAttribute(HospitalTenants.TENANT_ATTRIBUTE) : null;
  }

  /** The address of the person's browser, for the gateway ({@link Visitor}). */
  public String address() {
    return Visitor.address(context);
  }

  public boolean platform() {
    return Hospitals.PLATFORM.equals(tenant());
  }

  /** The name to greet: the provider's user name, else the subject. */
  public String name() {
    String name = idToken.getClaim("preferred_username");
    return name != null ? name : idToken.getSubject();
  }

  public Set<String> roles() {
    return identity.getRoles();
  }

  /** Whether the person's roles allow {@code action} (the action's id, as in the role table). */
  public boolean can(String action) {
    for (Action a : Action.values()) {
      if (a.id().equals(action)) {
        return a.allows(identity.getRoles());
      }
    }
    throw new IllegalArgumentException("no action " + action);
  }

  /**
   * The page's anti-forgery token (quarkus-rest-csrf's, for its forms and htmx calls); empty on a
   * page rendered before the filter ran (an unknown address, a refused form).
   */
  public String csrf() {
    String token = context.get("csrf_token");
    return token == null ? "" : token;
  }

  /** The access token for the gateway; never shown, logged or sent to the browser. */
  public String accessToken() {
    return identity.getCredential(AccessTokenCredential.class).getToken();
  }

  public long idleSeconds() {
    return config.session().idleTimeout().toSeconds();
  }

  public long warnSeconds() {
    Duration warn = config.session().idleWarning();
    return Math.min(warn.toSeconds(), idleSeconds());
  }
}
