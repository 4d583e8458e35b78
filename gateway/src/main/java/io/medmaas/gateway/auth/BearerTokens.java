package io.medmaas.gateway.auth;

import io.medmaas.gateway.pipeline.Exchange;
import io.medmaas.gateway.pipeline.GatewayCaller;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.regex.Pattern;

/** An OAuth 2.0 bearer token (RFC 6750) from a tenant's identity provider: a signed JWT. */
@ApplicationScoped
public class BearerTokens implements Credential {

  private static final String SCHEME = "Bearer ";
  private static final int MAX_LENGTH = 8192;
  private static final Pattern COMPACT_JWS =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

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
    if (token.length() > MAX_LENGTH || !COMPACT_JWS.matcher(token).matches()) {
      return Future.failedFuture(TokenVerifier.invalid("The bearer token is not a signed JWT"));
    }
    return verifier.verify(token, exchange);
  }
}
