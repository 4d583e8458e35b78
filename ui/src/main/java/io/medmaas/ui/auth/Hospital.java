package io.medmaas.ui.auth;

/**
 * Where one hospital's people (or the platform's staff) sign in: its identity provider's issuer and
 * the console's client id there. Their roles are not read here: the gateway tells the console what
 * they are ({@link CallerRoles}).
 */
public record Hospital(String issuer, String clientId) {

  /** The console's client id at every provider unless its configuration names another. */
  public static final String CONSOLE_CLIENT = "medmaas-console";
}
