package io.medmaas.gateway.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the tenant of a request from its bearer token's issuer, among the tenants tenant-admin
 * knows, and gives quarkus-oidc that tenant's verification settings. The issuer is read before
 * verification only to choose the keys: quarkus-oidc then verifies signature, issuer, audience and
 * expiry. An unknown issuer resolves to the default tenant, which is disabled: 401.
 */
@ApplicationScoped
public class IssuerTenantConfigResolver implements TenantConfigResolver {

  @Inject TenantDirectory directory;
  @Inject ObjectMapper json;

  private final Map<String, OidcTenantConfig> configs = new ConcurrentHashMap<>();

  @Override
  public Uni<OidcTenantConfig> resolve(
      RoutingContext context, OidcRequestContext<OidcTenantConfig> requestContext) {
    Optional<String> issuer = unverifiedIssuer(context.request().getHeader("Authorization"));
    if (issuer.isEmpty()) {
      return Uni.createFrom().nullItem();
    }
    return directory
        .forIssuer(issuer.get())
        .map(
            tenant ->
                tenant
                    .filter(KnownTenant::active)
                    .map(
                        t ->
                            configs.computeIfAbsent(
                                t.id() + "\n" + t.issuer() + "\n" + t.audience(),
                                key -> configFor(t)))
                    .orElse(null));
  }

  static OidcTenantConfig configFor(KnownTenant tenant) {
    return OidcTenantConfig.authServerUrl(tenant.issuer())
        .tenantId(tenant.id())
        .applicationType(ApplicationType.SERVICE)
        .token()
        .issuer(tenant.issuer())
        .audience(tenant.audience())
        .allowJwtIntrospection(false)
        .allowOpaqueTokenIntrospection(false)
        .end()
        .roles()
        .roleClaimPath("realm_access/roles")
        .end()
        .build();
  }

  private Optional<String> unverifiedIssuer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String[] parts = authorization.substring(7).trim().split("\\.");
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
      JsonNode iss = claims.get("iss");
      return iss != null && iss.isTextual() ? Optional.of(iss.asText()) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
