package io.medmaas.ui.auth;

import io.medmaas.common.access.Role;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A signed-in person's medmaas roles, as the gateway reads them: each role their provider put in
 * the token, named through their hospital's role mapping, kept only if their kind of tenant may
 * hold it (a hospital's provider cannot make anyone a platform admin). The console's navigation
 * follows these; the gateway decides again on every call.
 */
@ApplicationScoped
public class HospitalRoles implements SecurityIdentityAugmentor {

  /** Where quarkus-oidc notes the tenant an identity was authenticated by. */
  static final String TENANT_ATTRIBUTE = "tenant-id";

  @Inject Hospitals hospitals;

  @Override
  public Uni<SecurityIdentity> augment(
      SecurityIdentity identity, AuthenticationRequestContext context) {
    if (identity.isAnonymous()) {
      return Uni.createFrom().item(identity);
    }
    String tenant = identity.getAttribute(TENANT_ATTRIBUTE);
    return hospitals.byId(tenant).map(hospital -> withRoles(identity, tenant, hospital));
  }

  private static SecurityIdentity withRoles(
      SecurityIdentity identity, String tenant, Optional<Hospital> hospital) {
    Set<Role> allowed = Hospitals.PLATFORM.equals(tenant) ? Role.PLATFORM : Role.HOSPITAL;
    Set<String> roles = new HashSet<>();
    for (String providerRole : identity.getRoles()) {
      String named = hospital.map(h -> h.medmaasRole(providerRole)).orElse(null);
      if (named != null) {
        Role.of(named).filter(allowed::contains).ifPresent(role -> roles.add(role.id()));
      }
    }
    return replaceRoles(identity, roles);
  }

  private static SecurityIdentity replaceRoles(SecurityIdentity identity, Set<String> roles) {
    // the builder copies the identity's roles; a new identity gets only the ones computed here
    QuarkusSecurityIdentity.Builder builder =
        QuarkusSecurityIdentity.builder()
            .setPrincipal(identity.getPrincipal())
            .addCredentials(identity.getCredentials())
            .addAttributes(identity.getAttributes())
            .addRoles(roles)
            .addPermissionChecker(identity::checkPermission);
    return builder.build();
  }
}
