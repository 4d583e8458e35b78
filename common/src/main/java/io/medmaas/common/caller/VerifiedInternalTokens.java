package io.medmaas.common.caller;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies each internal token once per service. The gateway reuses an internal token for a caller
 * for many requests, and an RSA verification with its claim parsing cost about a third of a small
 * prediction's CPU in inference; so a token verified here is remembered, keyed by the whole token,
 * until its expiry or {@value #BOUND_MILLIS} ms, whichever comes first. Only tokens that passed
 * smallrye-jwt's own verification (signature, issuer, audience, expiry) enter; bounded in size.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class VerifiedInternalTokens extends JWTCallerPrincipalFactory {

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** Whether the token's JOSE header says it is an internal token ({@link InternalToken#TYPE}). */
  static boolean explicitlyTyped(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    try {
      byte[] header = java.util.Base64.getUrlDecoder().decode(token.substring(0, dot));
      return InternalToken.TYPE.equals(JSON.readTree(header).path("typ").asText(null));
    } catch (IllegalArgumentException | java.io.IOException e) {
      return false;
    }
  }

  static final long BOUND_MILLIS = 30_000;
  private static final int MAX_SIZE = 10_000;

  private record Entry(JWTCallerPrincipal principal, long usableUntilMillis) {}

  private final JWTCallerPrincipalFactory delegate = new DefaultJWTCallerPrincipalFactory();
  private final Map<String, Entry> verified = new ConcurrentHashMap<>();

  private volatile JWTAuthContextInfo converted;

  /**
   * The key set is read at start, where the service verifies internal tokens: one it cannot read
   * stops the start, rather than failing every request of a pod that says it is ready.
   */
  void readKeySetAtStart(
      @jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent started,
      jakarta.enterprise.inject.Instance<JWTAuthContextInfo> settings)
      throws ParseException {
    boolean verifies =
        org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getOptionalValue("mp.jwt.verify.publickey.location", String.class)
            .isPresent();
    if (verifies && settings.isResolvable()) {
      keySetOf(settings.get());
    }
  }

  /**
   * The verification settings with the key set as smallrye-jwt reads it: a key set of certificates
   * (the Helm chart's: Helm cannot write a JWKS) becomes the JWKS of their keys, by the key ids
   * they name; a JWKS or a PEM public key is left as it is. Converted in place, once: the settings
   * are Quarkus's one bean (a client proxy, which a copy would not see through).
   */
  JWTAuthContextInfo keySetOf(JWTAuthContextInfo context) throws ParseException {
    return context == converted ? context : convert(context);
  }

  private synchronized JWTAuthContextInfo convert(JWTAuthContextInfo context)
      throws ParseException {
    if (context == converted) {
      return context;
    }
    // smallrye-jwt has read a local key file into the content already; a bare context may not
    String text = context.getPublicKeyContent();
    String location = context.getPublicKeyLocation();
    if (text == null && location != null && !location.contains("://")) {
      try {
        text =
            java.nio.file.Files.readString(
                java.nio.file.Path.of(location.replaceFirst("^file:", "")));
      } catch (java.io.IOException | RuntimeException e) {
        throw new ParseException("The internal-token key set cannot be read");
      }
    }
    if (io.medmaas.auditproof.RsaPem.holdsCertificates(text)) {
      context.setPublicKeyContent(InternalKeySet.jwks(text));
      context.setPublicKeyLocation(null);
    }
    converted = context;
    return context;
  }

  @Override
  public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
    long now = System.currentTimeMillis();
    Entry entry = verified.get(token);
    if (entry != null && entry.usableUntilMillis > now) {
      return entry.principal;
    }
    if (!explicitlyTyped(token)) {
      throw new ParseException("Not an internal token (its JOSE header type is not medmaas's)");
    }
    JWTCallerPrincipal principal = delegate.parse(token, keySetOf(context));
    long until = Math.min(principal.getExpirationTime() * 1000, now + BOUND_MILLIS);
    if (until > now) {
      if (verified.size() >= MAX_SIZE) {
        verified.values().removeIf(e -> e.usableUntilMillis <= now);
        if (verified.size() >= MAX_SIZE) {
          verified.clear();
        }
      }
      verified.put(token, new Entry(principal, until));
    }
    return principal;
  }
}
