package io.medmaas.gateway.auth;

import io.medmaas.gateway.pipeline.Exchange;
import io.medmaas.gateway.pipeline.GatewayCaller;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** An OAuth 2.0 bearer token (RFC 6750) from a tenant's identity provider: a signed JWT. */
@ApplicationScoped
public class BearerTokens implements Credential {

  private static final String SCHEME = "Bearer ";

  @Inject TokenVerifier verifier;

  @Override
  public boolean presentIn(HttpServerRequest request) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    return authorization != null
        && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  @Override
  public Future<GatewayCaller> authenticate(Exchange exchange) {
    String token =
        exchange.request().getHeader(HttpHeaders.AUTHORIZATION).substring(SCHEME.length()).trim();
    return verifier.verify(token, exchange);
  }
}
