package io.medmaas.ui.auth;

import java.util.Map;

/**
 * Where one hospital's people sign in: its identity provider's issuer, the console's client id
 * there, where its access tokens carry roles (a path in the token, segments separated by {@code /},
 * as quarkus-oidc reads it) and how its provider names medmaas's roles (its role to medmaas's;
 * null: by medmaas's own names).
 */
public record Hospital(
    String issuer, String clientId, String rolesClaim, Map<String, String> roleMapping) {

  /** The console's client id at every provider unless its configuration names another. */
  public static final String CONSOLE_CLIENT = "medmaas-console";

  public Hospital {
    roleMapping = roleMapping == null ? null : Map.copyOf(roleMapping);
  }

  /** The medmaas role a provider's role stands for; null when it stands for none. */
  public String medmaasRole(String providerRole) {
    return roleMapping == null ? providerRole : roleMapping.get(providerRole);
  }
}
