package io.medmaas.gateway.auth;

import io.medmaas.common.caller.InternalToken;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The roles medmaas knows, and which identity provider may grant which. A hospital's identity
 * provider grants hospital roles only: a role it calls {@code platform-admin} is not one here.
 * Roles medmaas does not know are dropped, so nothing unexpected reaches the internal services.
 */
final class MedmaasRoles {

  private static final Set<String> HOSPITAL =
      Set.of("clinician", "clinical-system", "hospital-admin", "auditor", "model-publisher");
  private static final Set<String> PLATFORM = Set.of("platform-admin", "auditor");

  private MedmaasRoles() {}

  static Set<String> granted(String tenant, Collection<?> claimed) {
    Set<String> allowed = InternalToken.PLATFORM_TENANT.equals(tenant) ? PLATFORM : HOSPITAL;
    Set<String> roles = new HashSet<>();
    for (Object role : claimed) {
      if (role instanceof String name && allowed.contains(name)) {
        roles.add(name);
      }
    }
    return roles;
  }
}
