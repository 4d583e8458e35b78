package io.medmaas.gateway.auth;

import io.medmaas.common.access.Role;
import io.medmaas.common.caller.InternalToken;
import io.medmaas.gateway.tenant.KnownTenant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Which roles an identity provider may grant ({@link Role#HOSPITAL}, {@link Role#PLATFORM}): a role
 * a hospital's provider calls {@code platform-admin} is not one here. Roles medmaas does not know
 * are dropped, so nothing unexpected reaches the internal services.
 */
final class MedmaasRoles {

  private MedmaasRoles() {}

  /**
   * The medmaas roles of a token's claimed roles: each mapped by the tenant's role mapping, then
   * kept only if it is a role this tenant's provider may grant.
   */
  static Set<String> granted(KnownTenant tenant, Collection<?> claimed) {
    Set<Role> allowed =
        InternalToken.PLATFORM_TENANT.equals(tenant.id()) ? Role.PLATFORM : Role.HOSPITAL;
    Set<String> roles = new HashSet<>();
    for (Object name : claimed) {
      if (name instanceof String idpRole) {
        String mapped = tenant.medmaasRole(idpRole);
        if (mapped != null) {
          Role.of(mapped).filter(allowed::contains).ifPresent(role -> roles.add(role.id()));
        }
      }
    }
    return roles;
  }
}
