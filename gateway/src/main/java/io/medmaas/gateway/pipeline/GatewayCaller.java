package io.medmaas.gateway.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Set;

/**
 * The caller of a request as the gateway resolved it, once, from its verified credential: the
 * tenant it acts for, who it is, its medmaas roles and the platform models its tenant is entitled
 * to. Every later stage reads this; none looks at the credential again.
 *
 * @param tenant the tenant id (the platform's own for platform users)
 * @param subject the identity provider's {@code sub}
 * @param username the user name for display ({@code preferred_username}), if any
 * @param clientId the OAuth client the token was issued to ({@code azp}), if any
 * @param tokenId the credential's id (the token's {@code jti}), if any
 * @param roles the medmaas roles the caller holds
 * @param entitled the platform models the tenant is entitled to
 * @param key for a partner's API key, what its scopes allow; null for a token's caller
 * @param maxBatch the tenant's batch limit, once the quota stage knew it; 0: none yet
 */
public record GatewayCaller(
    String tenant,
    String subject,
    String username,
    String clientId,
    String tokenId,
    Set<String> roles,
    Set<String> entitled,
    KeyGrant key,
    int maxBatch) {

  /**
   * What an API key may do: its scopes, the only models it may use (null: any), and its own limits
   * (null: its tenant's only), which hold for its whole chain of rotations ({@code meteredAs}, the
   * chain's first key: one bucket, one count of requests under way, one count of instances).
   */
  public record KeyGrant(
      String id, String meteredAs, List<String> scopes, List<String> models, KeyLimits limits) {
    public KeyGrant {
      scopes = List.copyOf(scopes);
      models = models == null ? null : List.copyOf(models);
    }
  }

  /** A key's own limits, each null when the key has none of that kind. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KeyLimits(
      Double ratePerSecond,
      Integer burst,
      Long dailyInstances,
      Long monthlyInstances,
      Integer maxBatch,
      Integer maxConcurrent) {}

  public GatewayCaller {
    roles = Set.copyOf(roles);
    entitled = Set.copyOf(entitled);
  }

  /** A token's caller. */
  public GatewayCaller(
      String tenant,
      String subject,
      String username,
      String clientId,
      String tokenId,
      Set<String> roles,
      Set<String> entitled) {
    this(tenant, subject, username, clientId, tokenId, roles, entitled, null, 0);
  }

  /** A key's caller, whose roles are given per route. */
  public GatewayCaller(
      String tenant,
      String subject,
      String username,
      String clientId,
      String tokenId,
      Set<String> entitled,
      KeyGrant key) {
    this(tenant, subject, username, clientId, tokenId, Set.of(), entitled, key, 0);
  }

  /** The same caller with {@code granted} as its roles (a key's, for one route). */
  public GatewayCaller withRoles(Set<String> granted) {
    return new GatewayCaller(
        tenant, subject, username, clientId, tokenId, granted, entitled, key, maxBatch);
  }

  /** The same caller with its tenant's batch limit, for the internal services to hold it to. */
  public GatewayCaller withMaxBatch(int limit) {
    return new GatewayCaller(
        tenant, subject, username, clientId, tokenId, roles, entitled, key, limit);
  }

  public boolean hasAnyRole(Set<String> wanted) {
    for (String role : wanted) {
      if (roles.contains(role)) {
        return true;
      }
    }
    return false;
  }
}
