package io.medmaas.gateway.auth;

import io.medmaas.common.audit.AuditRecord;
import io.medmaas.common.audit.AuditText;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.GatewayConfig;
import io.medmaas.gateway.pipeline.Exchange;
import io.medmaas.gateway.pipeline.GatewayCaller;
import io.medmaas.gateway.pipeline.Rejection;
import io.medmaas.gateway.tenant.KnownTenant;
import io.medmaas.gateway.tenant.TenantDirectory;
import io.vertx.core.Future;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.HeaderParameterNames;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Verifies a hospital's (or the platform's) bearer token once and resolves its caller. The token's
 * issuer is read before verification only to choose the tenant and its keys; then the signature
 * (asymmetric algorithms only, keys from the tenant's own provider), issuer, audience, expiry and
 * subject are checked. A verified token is remembered ({@link VerifiedTokens}), so the next request
 * with it costs a map look-up.
 */
@ApplicationScoped
public class TokenVerifier {

  private static final int MAX_LENGTH = 8192;
  private static final Pattern COMPACT_JWS =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  private static final String CLAIM_USERNAME = "preferred_username";
  private static final String CLAIM_CLIENT = "azp";
  private static final Set<String> ACCESS_HEADER_TYPES =
      Set.of("jwt", "at+jwt", "application/at+jwt");
  private static final JwtConsumer UNVERIFIED =
      new JwtConsumerBuilder()
          .setSkipAllValidators()
          .setDisableRequireSignature()
          .setSkipSignatureVerification()
          .build();
  private static final AlgorithmConstraints ASYMMETRIC =
      new AlgorithmConstraints(
          AlgorithmConstraints.ConstraintType.PERMIT,
          AlgorithmIdentifiers.RSA_USING_SHA256,
          AlgorithmIdentifiers.RSA_USING_SHA384,
          AlgorithmIdentifiers.RSA_USING_SHA512,
          AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
          AlgorithmIdentifiers.RSA_PSS_USING_SHA384,
          AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
          AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
          AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
          AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512);

  @Inject GatewayConfig config;
  @Inject TenantDirectory tenants;
  @Inject IssuerKeys keys;

  private VerifiedTokens verified;

  @PostConstruct
  void init() {
    verified =
        new VerifiedTokens(config.tokens().cacheSize(), config.tokens().cacheFor().toMillis());
  }

  /** The caller of a verified token, or a failed future with a 401 (or 403, 503) rejection. */
  public Future<GatewayCaller> verify(String token, Exchange exchange) {
    long generation = tenants.generation();
    GatewayCaller known = verified.get(token, generation);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    if (token.length() > MAX_LENGTH
        || !COMPACT_JWS.matcher(token).matches()
        || !wellFormedUtf8(token)) {
      return Future.failedFuture(invalid("The bearer token is not a well-formed signed JWT"));
    }
    JwtContext parsed;
    String issuer;
    try {
      parsed = UNVERIFIED.process(token);
      issuer = parsed.getJwtClaims().getIssuer();
    } catch (InvalidJwtException | MalformedClaimException e) {
      return Future.failedFuture(invalid("The bearer token is not a well-formed JWT"));
    }
    if (issuer == null) {
      return Future.failedFuture(invalid("The bearer token names no issuer"));
    }
    return tenants
        .forIssuer(issuer)
        .recover(
            e ->
                Future.failedFuture(
                    new Rejection(
                            ProblemType.UNAVAILABLE,
                            "The gateway does not know its tenants yet; retry shortly")
                        .with("Retry-After", "5")))
        .compose(
            tenant -> {
              if (tenant.isEmpty()) {
                return Future.failedFuture(invalid("The token's issuer is not a known tenant's"));
              }
              exchange.namedTenant(tenant.get().id());
              return verifyWith(tenant.get(), parsed, false)
                  .map(caller -> admit(token, parsed, tenant.get(), caller, generation, exchange));
            });
  }

  private Future<GatewayCaller> verifyWith(KnownTenant tenant, JwtContext parsed, boolean again) {
    Future<List<JsonWebKey>> keySet =
        again ? keys.refreshed(tenant.issuer()) : keys.of(tenant.issuer());
    return keySet
        .recover(
            e ->
                Future.failedFuture(
                    new Rejection(
                            ProblemType.UNAVAILABLE,
                            "The tenant's identity provider cannot be reached to check the token")
                        .with("Retry-After", "5")))
        .compose(
            list -> {
              try {
                consumer(tenant, list).processContext(parsed);
                if (!accessToken(parsed)) {
                  return Future.failedFuture(invalid("The bearer token is not an access token"));
                }
                return Future.succeededFuture(caller(tenant, parsed.getJwtClaims()));
              } catch (InvalidJwtException e) {
                if (!again && unknownKey(e)) {
                  return verifyWith(tenant, parsed, true);
                }
                return Future.failedFuture(invalid(why(e)));
              } catch (MalformedClaimException e) {
                return Future.failedFuture(invalid("The bearer token's claims are malformed"));
              }
            });
  }

  private GatewayCaller admit(
      String token,
      JwtContext parsed,
      KnownTenant tenant,
      GatewayCaller caller,
      long generation,
      Exchange exchange) {
    if (!acceptable(caller.subject())
        || !optional(caller.username())
        || !optional(caller.clientId())
        || !optional(caller.tokenId())) {
      exchange.refusedCaller(caller);
      throw invalid("The token's identity claims are not acceptable");
    }
    if (!tenant.active()) {
      exchange.refusedCaller(caller);
      throw new Rejection(ProblemType.FORBIDDEN, "The tenant is not active");
    }
    try {
      verified.put(
          token, caller, parsed.getJwtClaims().getExpirationTime().getValueInMillis(), generation);
    } catch (MalformedClaimException e) {
      throw invalid("The bearer token's claims are malformed");
    }
    return caller;
  }

  private JwtConsumer consumer(KnownTenant tenant, List<JsonWebKey> keySet) {
    return new JwtConsumerBuilder()
        .setJwsAlgorithmConstraints(ASYMMETRIC)
        .setVerificationKeyResolver(new JwksVerificationKeyResolver(keySet))
        .setExpectedIssuer(true, tenant.issuer())
        .setExpectedAudience(true, tenant.audiences().toArray(String[]::new))
        .setRequireExpirationTime()
        .setRequireSubject()
        .setAllowedClockSkewInSeconds((int) config.tokens().clockSkew().toSeconds())
        .build();
  }

  private static GatewayCaller caller(KnownTenant tenant, JwtClaims claims)
      throws MalformedClaimException {
    return new GatewayCaller(
        tenant.id(),
        claims.getSubject(),
        text(claims, CLAIM_USERNAME),
        text(claims, CLAIM_CLIENT),
        claims.getJwtId(),
        MedmaasRoles.granted(tenant, roles(tenant, claims)),
        tenant.entitled());
  }

  private static String text(JwtClaims claims, String name) throws MalformedClaimException {
    return claims.getStringClaimValue(name);
  }

  /** The role names at the tenant's roles claim: a list of strings, or none. */
  private static Collection<?> roles(KnownTenant tenant, JwtClaims claims) {
    String[] path = tenant.rolesClaimPath();
    Object value = claims.getClaimValue(path[0]);
    for (int i = 1; i < path.length && value != null; i++) {
      value = value instanceof Map<?, ?> nested ? nested.get(path[i]) : null;
    }
    return value instanceof Collection<?> roles ? roles : List.of();
  }

  /**
   * Whether the token's header and claims are well-formed UTF-8: jose4j would read malformed bytes
   * as replacement characters, and a subject that is not what the identity provider signed must not
   * be recorded as if it were.
   */
  private static boolean wellFormedUtf8(String token) {
    String[] parts = token.split("\\.", 3);
    try {
      for (int i = 0; i < 2; i++) {
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(parts[i])));
      }
      return true;
    } catch (CharacterCodingException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Whether the token says it is an access token, or says nothing of its type: an ID token or a
   * refresh token from the same provider (Keycloak's {@code typ} claim {@code ID}, {@code Refresh},
   * {@code Logout}) or a header type other than a JWT's or an RFC 9068 access token's is refused.
   */
  private static boolean accessToken(JwtContext parsed) {
    String header = parsed.getJoseObjects().get(0).getHeader(HeaderParameterNames.TYPE);
    if (header != null && !ACCESS_HEADER_TYPES.contains(header.toLowerCase(Locale.ROOT))) {
      return false;
    }
    Object claim = parsed.getJwtClaims().getClaimValue("typ");
    return claim == null || "bearer".equals(String.valueOf(claim).toLowerCase(Locale.ROOT));
  }

  /**
   * What was wrong with the token, in the words of {@code error_description}; never its content.
   */
  private static String why(InvalidJwtException e) {
    if (e.hasExpired()) {
      return "The bearer token has expired";
    }
    if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
      return "The bearer token is not valid yet";
    }
    if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)
        || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
      return "The bearer token is for another audience";
    }
    if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID)) {
      return "The bearer token's issuer is not the tenant's";
    }
    if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)
        || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)
        || causedBy(e, UnresolvableKeyException.class)
        || causedBy(e, InvalidAlgorithmException.class)) {
      return "The bearer token's signature does not verify";
    }
    return "The bearer token is not valid";
  }

  private static boolean unknownKey(InvalidJwtException e) {
    return causedBy(e, UnresolvableKeyException.class);
  }

  private static boolean causedBy(InvalidJwtException e, Class<? extends Throwable> type) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static boolean acceptable(String value) {
    return AuditText.isPrintable(value, AuditRecord.MAX_IDENTITY);
  }

  private static boolean optional(String value) {
    return value == null || acceptable(value);
  }

  /**
   * A 401 whose {@code WWW-Authenticate} says why (RFC 6750 {@code error_description}); the detail
   * is one of this class's own sentences, never a part of the token.
   */
  static Rejection invalid(String detail) {
    return new Rejection(ProblemType.UNAUTHENTICATED, detail)
        .with(
            "WWW-Authenticate",
            "Bearer realm=\"medmaas\", error=\"invalid_token\", error_description=\""
                + detail
                + "\"");
  }
}
