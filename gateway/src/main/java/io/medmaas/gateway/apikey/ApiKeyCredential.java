package io.medmaas.gateway.apikey;

import io.medmaas.common.apikey.ApiKeyFormat;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.auth.Credential;
import io.medmaas.gateway.pipeline.Exchange;
import io.medmaas.gateway.pipeline.GatewayCaller;
import io.medmaas.gateway.pipeline.Rejection;
import io.medmaas.gateway.tenant.KnownTenant;
import io.medmaas.gateway.tenant.TenantDirectory;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * A partner's API key in {@code X-API-Key}: its form and checksum are checked without a look-up,
 * then the key is found by its public id and its secret checked against the stored keyed hash in
 * constant time. The caller is the key's own tenant (nothing the request names can change that),
 * identified in the audit by the key's id, never its secret; what it may do is its scopes, which
 * {@link io.medmaas.gateway.auth.Authorization} holds it to.
 */
@ApplicationScoped
public class ApiKeyCredential implements Credential {

  public static final String HEADER = "X-API-Key";

  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(ApiKeyCredential.class);

  private static final String CHALLENGE = "ApiKey realm=\"medmaas\"";

  @Inject KeyDirectory keys;
  @Inject TenantDirectory tenants;
  @Inject KeyUsage usage;
  @Inject HashKeys hashKeys;

  @Override
  public boolean presentIn(HttpServerRequest request) {
    return request.getHeader(HEADER) != null;
  }

  @Override
  public Future<GatewayCaller> authenticate(Exchange exchange) {
    Optional<ApiKeyFormat.Presented> presented =
        ApiKeyFormat.parse(exchange.request().getHeader(HEADER).trim());
    if (presented.isEmpty()) {
      return Future.failedFuture(refused("The API key is malformed"));
    }
    String keyId = presented.get().keyId();
    return keys.lookup(keyId)
        .recover(
            unavailable ->
                Future.failedFuture(
                    new Rejection(
                            ProblemType.UNAVAILABLE,
                            "API keys cannot be checked now; retry shortly")
                        .with("Retry-After", "1")))
        .compose(
            found -> {
              byte[] hashKey = found.isEmpty() ? null : hashKeys.forId(found.get().hashKeyId());
              if (found.isPresent() && hashKey == null) {
                LOG.warnf(
                    "API key %s was hashed under hash key %s, which this gateway does not hold"
                        + " (medmaas.api-keys.previous-hash-keys)",
                    keyId, found.get().hashKeyId());
              }
              if (hashKey == null
                  || !ApiKeyFormat.matches(
                      hashKey, presented.get().secret(), found.get().secretHash())) {
                return Future.failedFuture(refused("The API key is not known"));
              }
              return tenants
                  .forId(found.get().tenant())
                  .recover(
                      unknown ->
                          Future.failedFuture(
                              new Rejection(
                                      ProblemType.UNAVAILABLE,
                                      "Tenants cannot be checked now; retry shortly")
                                  .with("Retry-After", "1")))
                  .map(tenant -> admit(found.get(), tenant, exchange));
            });
  }

  private GatewayCaller admit(KnownKey key, Optional<KnownTenant> tenant, Exchange exchange) {
    if (tenant.isEmpty()) {
      throw refused("The API key's tenant is not known");
    }
    GatewayCaller caller =
        new GatewayCaller(
            key.tenant(),
            "api-key:" + key.id(),
            null,
            key.id(),
            key.id(),
            tenant.get().entitled(),
            new GatewayCaller.KeyGrant(
                key.id(), key.meteredAs(), key.scopes(), key.models(), key.limits()));
    if (key.revoked()) {
      exchange.refusedCaller(caller);
      throw refused("The API key was revoked");
    }
    if (!Instant.now().isBefore(key.expiresAt())) {
      exchange.refusedCaller(caller);
      throw refused("The API key has expired");
    }
    if (!tenant.get().active()) {
      exchange.refusedCaller(caller);
      throw new Rejection(ProblemType.FORBIDDEN, "The tenant is not active");
    }
    usage.used(key.id());
    return caller;
  }

  private static Rejection refused(String why) {
    return new Rejection(ProblemType.UNAUTHENTICATED, why).with("WWW-Authenticate", CHALLENGE);
  }
}
