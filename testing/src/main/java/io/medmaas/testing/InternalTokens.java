package io.medmaas.testing;

import io.medmaas.common.caller.InternalToken;
import io.medmaas.launcher.KeyMaterial;
import io.smallrye.jwt.build.Jwt;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Internal tokens for tests, signed with the key pair of {@link InternalTrustResource}. */
public final class InternalTokens {

  private static volatile KeyMaterial keys;

  private InternalTokens() {}

  private static volatile KeyMaterial previous;

  static void use(KeyMaterial material, KeyMaterial previousKeys) {
    keys = material;
    previous = previousKeys;
  }

  /** As {@link #forTenant}, signed with the key the current one replaced (still in the key set). */
  public static String signedWithPreviousKey(String tenant, String... roles) {
    return Jwt.issuer("medmaas-gateway")
        .audience(SERVICES)
        .subject("dr.previous")
        .groups(Set.of(roles))
        .claim("tenant", tenant)
        .claim("entitled", DEMO_MODELS)
        .expiresIn(60)
        .jws()
        .keyId(previous.keyId())
        .header("typ", InternalToken.TYPE)
        .sign(previous.privateKey().toString());
  }

  /**
   * Signed with the previous key but naming the current key's id: the signature must not verify.
   */
  public static String signedWithPreviousKeyUnderCurrentKid(String tenant, String... roles) {
    return Jwt.issuer("medmaas-gateway")
        .audience(SERVICES)
        .subject("mallory")
        .groups(Set.of(roles))
        .claim("tenant", tenant)
        .expiresIn(60)
        .jws()
        .keyId(keys.keyId())
        .header("typ", InternalToken.TYPE)
        .sign(previous.privateKey().toString());
  }

  /** Every internal service's audience: test tokens are for whichever service a test runs. */
  static final Set<String> SERVICES =
      Set.of(
          InternalToken.REGISTRY_AUDIENCE,
          InternalToken.INFERENCE_AUDIENCE,
          InternalToken.TENANT_ADMIN_AUDIENCE);

  /** The demo pack's platform models, which the tokens below are entitled to. */
  public static final List<String> DEMO_MODELS =
      List.of(
          "breast-cancer-diagnosis",
          "diabetes-progression",
          "pbc-progression",
          "lesion-classifier",
          "breast-anomaly");

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
    return Jwt.issuer("medmaas-gateway")
        .audience(SERVICES)
        .subject(subject)
        .groups(Set.of(roles))
        .claim("tenant", tenant)
        .claim("entitled", models)
        .claim("rid", UUID.randomUUID().toString())
        .expiresIn(60)
        .jws()
        .keyId(keys.keyId())
        .header("typ", InternalToken.TYPE)
        .sign(keys.privateKey().toString());
  }

  /** The gateway's own service token, which carries no tenant. */
  public static String gateway() {
    return Jwt.issuer("medmaas-gateway")
        .audience(SERVICES)
        .subject("gateway")
        .groups(Set.of("medmaas-gateway"))
        .expiresIn(60)
        .jws()
        .keyId(keys.keyId())
        .header("typ", InternalToken.TYPE)
        .sign(keys.privateKey().toString());
  }

  /** A correctly signed token with another issuer or audience than the services require. */
  public static String withIssuerAndAudience(String issuer, String audience) {
    return Jwt.issuer(issuer)
        .audience(audience)
        .subject("mallory")
        .groups(Set.of("auditor", "clinician", "medmaas-gateway"))
        .claim("tenant", "aurora-general")
        .expiresIn(60)
        .jws()
        .keyId(keys.keyId())
        .header("typ", InternalToken.TYPE)
        .sign(keys.privateKey().toString());
  }

  /** A correctly signed token for {@code audience} only (another service's, say). */
  public static String forAudience(String audience, String tenant, String... roles) {
    return Jwt.issuer("medmaas-gateway")
        .audience(audience)
        .subject("mallory")
        .groups(Set.of(roles))
        .claim("tenant", tenant)
        .claim("entitled", DEMO_MODELS)
        .expiresIn(60)
        .jws()
        .keyId(keys.keyId())
        .header("typ", InternalToken.TYPE)
        .sign(keys.privateKey().toString());
  }

  /** A correctly signed internal token whose JOSE header type is a plain JWT's. */
  public static String untyped(String tenant, String... roles) {
    return Jwt.issuer("medmaas-gateway")
        .audience(SERVICES)
        .subject("mallory")
        .groups(Set.of(roles))
        .claim("tenant", tenant)
        .claim("entitled", DEMO_MODELS)
        .expiresIn(60)
        .sign(keys.privateKey().toString());
  }

  /** A correctly signed internal token that expired {@code seconds} ago. */
  public static String expiredSecondsAgo(long seconds, String tenant, String... roles) {
    long now = System.currentTimeMillis() / 1000;
    return Jwt.issuer("medmaas-gateway")
        .audience(SERVICES)
        .subject("dr.late")
        .groups(Set.of(roles))
        .claim("tenant", tenant)
        .claim("entitled", DEMO_MODELS)
        .issuedAt(now - seconds - 60)
        .expiresAt(now - seconds)
        .jws()
        .keyId(keys.keyId())
        .header("typ", InternalToken.TYPE)
        .sign(keys.privateKey().toString());
  }

  /** A correctly signed internal token that expired a while ago. */
  public static String expired(String tenant) {
    long past = System.currentTimeMillis() / 1000 - 3600;
    return Jwt.issuer("medmaas-gateway")
        .audience(SERVICES)
        .subject("dr.late")
        .groups(Set.of("auditor"))
        .claim("tenant", tenant)
        .issuedAt(past - 60)
        .expiresAt(past)
        .jws()
        .keyId(keys.keyId())
        .header("typ", InternalToken.TYPE)
        .sign(keys.privateKey().toString());
  }

  /** A well-formed token signed by a key the services do not trust. */
  public static String signedByStranger(String tenant) {
    KeyMaterial stranger;
    try {
      stranger = KeyMaterial.ensure(java.nio.file.Files.createTempDirectory("stranger-keys"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Jwt.issuer("medmaas-gateway")
        .audience(SERVICES)
        .subject("mallory")
        .groups(Set.of("auditor", "clinician"))
        .claim("tenant", tenant)
        .expiresIn(60)
        .jws()
        .header("typ", InternalToken.TYPE)
        .sign(stranger.privateKey().toString());
  }
}
