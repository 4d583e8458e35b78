package io.medmaas.ui.auth;

import io.medmaas.ui.UiConfig;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.oidc.runtime.OidcTenantConfig.Authentication.CookieSameSite;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which identity provider a request signs in with: the hospital named in {@code /sign-in/{id}} when
 * a person starts, else the one whose session (or sign-in state) cookie the request carries. A
 * request naming no known hospital gets no tenant at all, so it falls to the default tenant, which
 * is disabled: it is anonymous, never authenticated by another hospital's provider.
 *
 * <p>Every hospital is a web-app tenant: the authorization code flow with PKCE (S256) for the
 * console's public client, the session kept on the server ({@link ServerSessions}), the cookie
 * HttpOnly and SameSite=Lax, tokens refreshed before they expire so the gateway never sees an
 * expired one.
 */
@ApplicationScoped
public class HospitalTenants implements TenantConfigResolver {

  /** Where a person starts signing in at a hospital. */
  public static final String SIGN_IN = "/sign-in/";

  /** Where every provider sends people back with their code. */
  public static final String CALLBACK = "/auth/callback";

  /** quarkus-oidc's session cookie of a tenant: this prefix and the tenant's id. */
  private static final String SESSION_COOKIE = "q_session_";

  /** quarkus-oidc's state cookie of a sign-in under way: this, the tenant, "_", the state. */
  private static final String STATE_COOKIE = "q_auth_";

  /** No hospital: disabled, so the request is anonymous (its id is no tenant's: not a slug). */
  private static final OidcTenantConfig NOBODY =
      OidcTenantConfig.builder().tenantId("-nobody").disableTenant().build();

  @Inject Hospitals hospitals;
  @Inject UiConfig config;
  @Inject ServerSessions sessions;

  @jakarta.annotation.PostConstruct
  void checkSecret() {
    if (config.stateSecret().length() < 32) {
      throw new IllegalStateException("medmaas.ui.state-secret must hold at least 32 characters");
    }
  }

  private record Built(Hospital hospital, OidcTenantConfig config) {}

  /**
   * One configuration object per hospital while its sign-in stays the same (quarkus-oidc tells
   * tenants' changes by identity); a hospital whose provider changed gets a new one, and its old
   * provider is replaced ({@link #REPLACE_PROVIDER}).
   */
  private final Map<String, Built> built = new ConcurrentHashMap<>();

  /** Where quarkus-oidc notes the tenant of a request, and of the identity it authenticates. */
  public static final String TENANT_ATTRIBUTE = "tenant-id";

  /**
   * quarkus-oidc's (3.33) request attributes that make it replace a tenant's provider, rather than
   * keep the one it has and only update its settings, and sign the person in again: set when a
   * hospital's provider changed. {@code HospitalTenantsTest} checks quarkus-oidc still names them.
   */
  static final String REPLACE_PROVIDER = "replace-tenant-configuration-context";

  static final String SIGN_IN_AGAIN = "remove-session-cookie";

  @Override
  public Uni<OidcTenantConfig> resolve(
      RoutingContext context, OidcRequestContext<OidcTenantConfig> requestContext) {
    String visitor = Visitor.address(context);
    String live = liveSession(context);
    String starting = startingTenant(context);
    if (live == null) {
      return hospitals.byId(starting, visitor).map(h -> configFor(context, starting, h));
    }
    // a session of a hospital no longer known (suspended) starts nothing, blocks nothing either
    return hospitals
        .byId(live, visitor)
        .flatMap(
            h ->
                h.isPresent() || starting == null || starting.equals(live)
                    ? Uni.createFrom().item(configFor(context, live, h))
                    : hospitals
                        .byId(starting, visitor)
                        .map(other -> configFor(context, starting, other)));
  }

  /**
   * Whose provider this request may use. A live session decides first: one browser is one person,
   * and no link can start another hospital's sign-in (which would end this one), unless the
   * session's hospital is no longer known (suspended). Without one, only {@code /sign-in/{id}}
   * starts a flow and only the callback finishes one (the hospital its state cookie names); any
   * other request is anonymous, so a cookie of a session this console no longer holds (it
   * restarted, or the session ended) starts nothing, rather than a silent sign-in at the provider.
   */
  private String startingTenant(RoutingContext context) {
    String path = context.normalizedPath();
    if (path.startsWith(SIGN_IN)) {
      return path.substring(SIGN_IN.length());
    }
    if (path.equals(CALLBACK)) {
      String state = context.request().getParam("state");
      for (String name : context.request().cookieMap().keySet()) {
        if (state != null
            && name.startsWith(STATE_COOKIE)
            && name.endsWith("_" + state)
            && name.length() > STATE_COOKIE.length() + state.length() + 1) {
          return name.substring(STATE_COOKIE.length(), name.length() - state.length() - 1);
        }
      }
    }
    return null;
  }

  /** The hospital of a session cookie whose session this console holds, if any. */
  private String liveSession(RoutingContext context) {
    for (var cookie : context.request().cookieMap().values()) {
      String name = cookie.getName();
      if (!name.startsWith(SESSION_COOKIE) || name.contains("_chunk_")) {
        continue;
      }
      String tenant = name.substring(SESSION_COOKIE.length());
      if (sessions.find(cookie.getValue()).filter(s -> s.tenant().equals(tenant)).isPresent()) {
        return tenant;
      }
    }
    return null;
  }

  /**
   * The hospital's configuration; for no hospital or an unknown one, a disabled tenant (never null:
   * quarkus-oidc would fall back to the tenant a cookie names).
   */
  OidcTenantConfig configFor(RoutingContext context, String id, Optional<Hospital> hospital) {
    if (hospital.isEmpty()) {
      // its entry stays: should it come back with another provider, that one replaces the old
      return NOBODY;
    }
    Hospital found = hospital.get();
    boolean[] changed = {false};
    OidcTenantConfig config =
        built
            .compute(
                id,
                (k, old) -> {
                  if (old != null && old.hospital().equals(found)) {
                    return old;
                  }
                  changed[0] = old != null;
                  return new Built(found, build(k, found));
                })
            .config();
    // another provider replaces the old one's endpoints and keys, which quarkus-oidc would
    // otherwise keep; asked on every request (it acts only on a configuration it does not hold
    // yet), so that no request racing the first one can install the new settings on the old one
    context.put(REPLACE_PROVIDER, "true");
    if (changed[0]) {
      context.put(SIGN_IN_AGAIN, "true");
    }
    // the tenant this request is for, whatever cookie names quarkus-oidc read it from before
    context.put(TENANT_ATTRIBUTE, id);
    return config;
  }

  private OidcTenantConfig build(String id, Hospital hospital) {
    return OidcTenantConfig.builder()
        .tenantId(id)
        .enableTenant()
        .applicationType(ApplicationType.WEB_APP)
        .authServerUrl(hospital.issuer())
        .clientId(hospital.clientId())
        .authentication()
        .pkceRequired()
        .stateSecret(config.stateSecret())
        .redirectPath(CALLBACK)
        .restorePathAfterRedirect()
        .removeRedirectParameters()
        .cookieSameSite(CookieSameSite.LAX)
        .cookieForceSecure(config.secureCookies())
        // behind a proxy that ends TLS, the callback address a provider is given stays https
        .forceRedirectHttpsScheme(config.secureCookies())
        .sessionAgeExtension(config.session().maxAge())
        .forwardParams("login_hint")
        .scopes("profile", "email")
        .errorPath("/sign-in-error")
        .end()
        .token()
        .issuer(hospital.issuer())
        .refreshExpired()
        .refreshTokenTimeSkew(Duration.ofSeconds(60))
        .allowJwtIntrospection(false)
        .allowOpaqueTokenIntrospection(false)
        .end()
        .tokenStateManager()
        .encryptionRequired(false) // the tokens never leave this process
        .end()
        .build();
  }
}
