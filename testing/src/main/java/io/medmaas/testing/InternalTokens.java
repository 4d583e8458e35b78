package io.medmaas.testing;

import io.medmaas.common.caller.InternalToken;
import io.medmaas.launcher.KeyMaterial;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Internal tokens for tests, signed like the gateway's with the key pair of {@link
 * InternalTrustResource} (or, for the tokens that must fail, deliberately otherwise).
 */
public final class InternalTokens {

  /** The demo pack's platform models, which the tokens below are entitled to. */
  public static final List<String> DEMO_MODELS =
      List.of(
          "breast-cancer-diagnosis",
          "diabetes-progression",
          "pbc-progression",
          "lesion-classifier",
          "breast-anomaly");

  /** Every internal service's audience: test tokens are for whichever service a test runs. */
  static final Set<String> SERVICES =
      Set.of(
          InternalToken.REGISTRY_AUDIENCE,
          InternalToken.INFERENCE_AUDIENCE,
          InternalToken.TENANT_ADMIN_AUDIENCE);

  private static volatile KeyMaterial keys;
  private static volatile KeyMaterial previous;

  private InternalTokens() {}

  static void use(KeyMaterial material, KeyMaterial previousKeys) {
    keys = material;
    previous = previousKeys;
  }

  /**
   * A token acting for {@code tenant} as {@code subject} with {@code roles}, entitled to the demo
   * pack's platform models.
   */
  public static String forTenant(String tenant, String subject, String... roles) {
    return entitled(tenant, DEMO_MODELS, subject, roles);
  }

  /** As above, entitled to exactly {@code models} of the platform catalog. */
  public static String entitled(
      String tenant, List<String> models, String subject, String... roles) {
    return signed(
        caller(tenant, subject, roles)
            .claim("entitled", models)
            .claim("rid", UUID.randomUUID().toString()));
  }

  /** As {@link #forTenant}, with the tenant's batch limit as the gateway's quota stage sets it. */
  public static String withMaxBatch(int maxBatch, String tenant, String subject, String... roles) {
    return signed(
        caller(tenant, subject, roles)
            .claim("entitled", DEMO_MODELS)
            .claim(InternalToken.MAX_BATCH_CLAIM, maxBatch)
            .claim("rid", UUID.randomUUID().toString()));
  }

  /** The gateway's own service token, which carries no tenant. */
  public static String gateway() {
    return signed(claims("medmaas-gateway", SERVICES, "gateway", "medmaas-gateway"));
  }

  /** A correctly signed token with another issuer or audience than the services require. */
  public static String withIssuerAndAudience(String issuer, String audience) {
    return signed(
        claims(issuer, Set.of(audience), "mallory", "auditor", "clinician", "medmaas-gateway")
            .claim("tenant", "aurora-general"));
  }

  /** A correctly signed token for {@code audience} only (another service's, say). */
  public static String forAudience(String audience, String tenant, String... roles) {
    return signed(
        claims(InternalToken.ISSUER, Set.of(audience), "mallory", roles)
            .claim("tenant", tenant)
            .claim("entitled", DEMO_MODELS));
  }

  /** A correctly signed internal token whose JOSE header type is a plain JWT's. */
  public static String untyped(String tenant, String... roles) {
    return caller(tenant, "mallory", roles).sign(keys.privateKey().toString());
  }

  /** A correctly signed internal token that expired {@code seconds} ago. */
  public static String expiredSecondsAgo(long seconds, String tenant, String... roles) {
    long now = System.currentTimeMillis() / 1000;
    return signed(
        caller(tenant, "dr.late", roles).issuedAt(now - seconds - 60).expiresAt(now - seconds));
  }

  /** A correctly signed internal token that expired a while ago. */
  public static String expired(String tenant) {
    return expiredSecondsAgo(3600, tenant, "auditor");
  }

  /** As {@link #forTenant}, signed with the key the current one replaced (still in the key set). */
  public static String signedWithPreviousKey(String tenant, String... roles) {
    return sign(caller(tenant, "dr.previous", roles), previous, previous.keyId());
  }

  /**
   * Signed with the previous key but naming the current key's id: the signature must not verify.
   */
  public static String signedWithPreviousKeyUnderCurrentKid(String tenant, String... roles) {
    return sign(caller(tenant, "mallory", roles), previous, keys.keyId());
  }

  /** A well-formed token signed by a key the services do not trust. */
  public static String signedByStranger(String tenant) {
    try {
      KeyMaterial stranger = KeyMaterial.ensure(Files.createTempDirectory("stranger-keys"));
      return sign(caller(tenant, "mallory", "auditor", "clinician"), stranger, stranger.keyId());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The claims of a token acting for a tenant's caller, entitled to the demo pack. */
  private static JwtClaimsBuilder caller(String tenant, String subject, String... roles) {
    return claims(InternalToken.ISSUER, SERVICES, subject, roles)
        .claim("tenant", tenant)
        .claim("entitled", DEMO_MODELS);
  }

  private static JwtClaimsBuilder claims(
      String issuer, Set<String> audiences, String subject, String... roles) {
    return Jwt.issuer(issuer)
        .audience(audiences)
        .subject(subject)
        .groups(Set.of(roles))
        .expiresIn(60);
  }

  /** Signed as the gateway signs: the current key, its kid, the internal token type. */
  private static String signed(JwtClaimsBuilder claims) {
    return sign(claims, keys, keys.keyId());
  }

  private static String sign(JwtClaimsBuilder claims, KeyMaterial with, String keyId) {
    return claims
        .jws()
        .keyId(keyId)
        .header("typ", InternalToken.TYPE)
        .sign(with.privateKey().toString());
  }
}
