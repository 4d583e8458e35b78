package io.medmaas.common.caller;

/** Names shared by the gateway, which signs internal tokens, and the services that verify them. */
public final class InternalToken {

  /** The issuer of every internal token. */
  public static final String ISSUER = "medmaas-gateway";

  /**
   * Each internal service requires its own audience. A token the gateway signs for a request names
   * the service it calls and, only for the routes whose service calls another on the caller's
   * behalf, that one too (inference resolves versions and fetches artifacts from the registry; the
   * registry scores a validation set on inference when a version is uploaded or verified;
   * tenant-admin asks the registry whether a model exists before entitling a tenant to it). A token
   * of any other route is good at one service only.
   */
  public static final String REGISTRY_AUDIENCE = "medmaas-registry";

  public static final String INFERENCE_AUDIENCE = "medmaas-inference";

  public static final String TENANT_ADMIN_AUDIENCE = "medmaas-tenant-admin";

  /**
   * The JOSE header {@code typ} of an internal token (RFC 8725 explicit typing): a token of any
   * other type, a hospital's access token included, is refused by every internal service.
   */
  public static final String TYPE = "medmaas-internal+jwt";

  /** Claim holding the caller's user name at its identity provider, for display. */
  public static final String USERNAME_CLAIM = "preferred_username";

  /** Claim holding the tenant id the request acts for. */
  public static final String TENANT_CLAIM = "tenant";

  /**
   * Optional claim with a request id (test tokens); the gateway reuses its tokens across requests
   * and sends the request id as the {@code X-Request-Id} header instead.
   */
  public static final String REQUEST_ID_CLAIM = "rid";

  /**
   * Claim listing the platform models the tenant is entitled to (tenant-admin decides); platform
   * models not listed are invisible to the tenant.
   */
  public static final String ENTITLED_CLAIM = "entitled";

  /**
   * Claim with the most instances one request of the caller's tenant may hold (its quota's batch
   * limit); absent: only the service's own limit.
   */
  public static final String MAX_BATCH_CLAIM = "max_batch";

  /** Role carried by the gateway's own service token (audit writes, tenant look-ups). */
  public static final String GATEWAY_ROLE = "medmaas-gateway";

  /**
   * Tenant id of callers from the platform's own realm. The registry owns platform-catalog models
   * under the same id, so platform admins are their owners.
   */
  public static final String PLATFORM_TENANT = "platform";

  /** Lifetime of an internal token in seconds: long enough for one request, no longer. */
  public static final long LIFETIME_SECONDS = 60;

  private InternalToken() {}
}
