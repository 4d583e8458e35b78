package io.medmaas.gateway.auth;

import io.medmaas.common.access.Role;
import io.medmaas.common.caller.InternalToken;
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

  static Set<String> granted(String tenant, Collection<?> claimed) {
    Set<Role> allowed =
        InternalToken.PLATFORM_TENANT.equals(tenant) ? Role.PLATFORM : Role.HOSPITAL;
    Set<String> roles = new HashSet<>();
    for (Object name : claimed) {
      if (name instanceof String id) {
        Role.of(id).filter(allowed::contains).ifPresent(role -> roles.add(role.id()));
      }
    }
    return roles;
  }
}
