package io.medmaas.ui.auth;

import io.vertx.ext.web.RoutingContext;

/**
 * The address of the browser a request came from (behind an ingress, as its {@code X-Forwarded-For}
 * says, where the console trusts it), passed on to the gateway in its own {@code X-Forwarded-For}:
 * the gateway's throttles and its access audit then count and name each visitor, not the console.
 */
public final class Visitor {

  /** The header the console tells the gateway the visitor's address in. */
  public static final String HEADER = "X-Forwarded-For";

  private Visitor() {}

  /** The visitor's address, or null when the connection names none. */
  public static String address(RoutingContext context) {
    if (context == null || context.request().remoteAddress() == null) {
      return null;
    }
    String address = context.request().remoteAddress().hostAddress();
    // an address, never a header's injection: digits, hex, dots and colons only
    return address != null && address.matches("[0-9A-Fa-f:.]{2,45}") ? address : null;
  }
}
