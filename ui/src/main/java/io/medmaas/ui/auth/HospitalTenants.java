package io.medmaas.ui.auth;

import io.medmaas.ui.UiConfig;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.oidc.runtime.OidcTenantConfig.Authentication.CookieSameSite;
import io.quarkus.oidc.runtime.OidcTenantConfig.Roles.Source;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
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

  /** quarkus-oidc's note of the tenant a session or state cookie named. */
  private static final String COOKIE_TENANT = "tenant-id";

  @Inject Hospitals hospitals;
  @Inject UiConfig config;

  /** One configuration object per hospital: quarkus-oidc tells tenants' changes by identity. */
  private final Map<String, OidcTenantConfig> built = new ConcurrentHashMap<>();

  @Override
  public Uni<OidcTenantConfig> resolve(
      RoutingContext context, OidcRequestContext<OidcTenantConfig> requestContext) {
    String path = context.normalizedPath();
    String id =
        path.startsWith(SIGN_IN) ? path.substring(SIGN_IN.length()) : context.get(COOKIE_TENANT);
    return Uni.createFrom()
        .item(
            hospitals.byId(id).map(h -> built.computeIfAbsent(id, k -> build(k, h))).orElse(null));
  }

  private OidcTenantConfig build(String id, UiConfig.Hospital hospital) {
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
        .sessionAgeExtension(config.session().maxAge())
        .javaScriptAutoRedirect(false)
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
        .roles()
        .source(Source.accesstoken)
        .roleClaimPath(hospital.rolesClaim())
        .end()
        .tokenStateManager()
        .encryptionRequired(false) // the tokens never leave this process
        .end()
        .build();
  }
}
