package io.medmaas.gateway.auth;

import io.medmaas.gateway.pipeline.Exchange;
import io.medmaas.gateway.pipeline.GatewayCaller;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/**
 * One kind of credential the gateway accepts (a bearer token today; API keys are the next). Each is
 * one class: it says whether a request carries it, and verifies it into the caller. Everything
 * after authentication (authorization, forwarding, audit) is the same for every kind.
 */
public interface Credential {

  /** Whether the request carries this kind of credential. */
  boolean presentIn(HttpServerRequest request);

  /**
   * Verifies the credential and resolves the caller, or fails with a 401 {@link
   * io.medmaas.gateway.pipeline.Rejection}; may note on the exchange what the audit should know of
   * a refused one (the tenant it named).
   */
  Future<GatewayCaller> authenticate(Exchange exchange);
}
