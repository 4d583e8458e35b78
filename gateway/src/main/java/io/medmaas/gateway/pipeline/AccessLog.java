package io.medmaas.gateway.pipeline;

import org.jboss.logging.Logger;

/**
 * One line per request under {@code /api} and {@code /v2}, in category {@code medmaas.access}:
 * method, route template (never the path a caller sent), status, latency, request id and tenant.
 * Nothing from the body, the query or the credential is written.
 */
final class AccessLog {

  private static final Logger LOG = Logger.getLogger("medmaas.access");

  private AccessLog() {}

  static void record(Exchange exchange, int status) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    long micros = (System.nanoTime() - exchange.startNanos()) / 1_000;
    LOG.infof(
        "%s %s %d %d.%03dms request=%s tenant=%s",
        exchange.request().method().name(),
        template(exchange),
        status,
        micros / 1_000,
        micros % 1_000,
        exchange.requestId(),
        tenant(exchange));
  }

  private static String template(Exchange exchange) {
    if (exchange.route() != null) {
      return exchange.route().path();
    }
    return exchange.family() == ApiFamily.NATIVE ? "/api" : "/v2";
  }

  private static String tenant(Exchange exchange) {
    if (exchange.caller() != null) {
      return exchange.caller().tenant();
    }
    // the tenant a token named, once it was found to be a known tenant's issuer
    return exchange.namedTenant() == null ? "-" : exchange.namedTenant();
  }
}
