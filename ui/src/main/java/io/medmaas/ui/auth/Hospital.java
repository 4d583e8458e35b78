package io.medmaas.ui.auth;

/**
 * Where one hospital's people sign in: its identity provider's issuer, the console's client id
 * there, and where its access tokens carry roles (a path in the token).
 */
public record Hospital(String issuer, String clientId, String rolesClaim) {

  /** The console's client id at every provider unless its configuration names another. */
  public static final String CONSOLE_CLIENT = "medmaas-console";
}
