package io.medmaas.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the gateway. */
@ConfigMapping(prefix = "medmaas")
public interface GatewayConfig {

  /** The platform's own identity provider (platform administrators). */
  Platform platform();

  /** Where the internal services are. */
  Upstream upstream();

  /** The access audit. */
  Audit audit();

  /** How tenants are learnt from tenant-admin. */
  Tenants tenants();

  interface Platform {
    /** Issuer URL of the platform realm; unset means no platform administrators log in. */
    Optional<String> issuer();

    /** Audience the platform realm's tokens must carry. */
    @WithDefault("medmaas-api")
    String audience();
  }

  interface Upstream {
    /** Base URL of the registry. */
    String registryUrl();

    /** Base URL of the inference service. */
    String inferenceUrl();

    /** Base URL of tenant-admin. */
    String tenantAdminUrl();

    /** How long the gateway waits for an internal service. */
    @WithDefault("30s")
    Duration timeout();
  }

  interface Audit {
    /** Base64 HMAC key for input digests; from a secret, never committed. */
    String digestKey();
  }

  interface Tenants {
    /** How long the tenant list is reused before it is fetched again. */
    @WithDefault("30s")
    Duration refreshAfter();

    /** Least time between two fetches caused by tokens from unknown issuers. */
    @WithDefault("5s")
    Duration unknownIssuerBackoff();
  }
}
