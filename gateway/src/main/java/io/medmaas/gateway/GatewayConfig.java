package io.medmaas.gateway;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the gateway. */
@ConfigMapping(prefix = "medmaas")
public interface GatewayConfig {

  /** The platform's own identity provider (platform administrators and auditors). */
  Platform platform();

  /** Where the internal services are. */
  Upstream upstream();

  /** The access audit. */
  Audit audit();

  /** How tenants are learnt from tenant-admin. */
  Tenants tenants();

  /** Limits on what a request may be. */
  Limits limits();

  ApiKeys apiKeys();

  Quotas quotas();

  interface Quotas {
    /**
     * Whether the quota stage holds tenants to their limits. Off only to measure what the stage
     * costs (the benchmark's pair); the gateway warns at start when it is off.
     */
    @WithDefault("true")
    boolean enforced();

    /**
     * How many gateway replicas share the limits: while the shared rate store is away, each keeps
     * its share (the limit divided by this); the concurrent-request limit is always shared so.
     */
    @WithDefault("1")
    int replicas();

    /** How much of a tenant's rate a gateway leases from the shared bucket at a time. */
    @WithDefault("50ms")
    Duration lease();

    /**
     * The PostgreSQL of the shared rate buckets (a reactive URL), when it is not the audit's
     * ({@code quarkus.datasource.reactive.url}); the same login role.
     */
    Optional<String> storeUrl();

    /**
     * The request rate of a tenant whose limits tenant-admin did not send (an older tenant-admin, a
     * gap in its answer): the standard plan's, never unlimited.
     */
    @WithDefault("50")
    double defaultRate();

    @WithDefault("100")
    int defaultBurst();

    @WithDefault("32")
    int defaultConcurrency();
  }

  interface ApiKeys {
    /**
     * The key (base64, at least 32 bytes) under which tenant-admin hashed API keys' secrets; the
     * gateway checks presented secrets against those hashes.
     */
    String hashKey();

    /**
     * Key-hash keys the platform used before the current one (base64, comma-separated): keys hashed
     * under one of them keep working until they expire or are rotated (ADR 0012).
     */
    Optional<List<String>> previousHashKeys();
  }

  /** Verification of the callers' tokens. */
  Tokens tokens();

  interface Platform {
    /** Issuer URL of the platform realm; unset means no platform user logs in. */
    Optional<String> issuer();

    /** Audience the platform realm's tokens must carry. */
    @WithDefault("medmaas-api")
    String audience();
  }

  interface Upstream {
    /** Base URL of the registry. */
    String registryUrl();

    /**
     * Base URL of the inference service, or several (instances of it, comma-separated): the gateway
     * then spreads requests over them in turn, and a request that cannot connect to one goes to the
     * next (nothing was sent, so that is always safe). In Kubernetes one Service URL.
     */
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

    /** Records waiting to be written at most; past it, requests get 503 at once. */
    @WithDefault("4096")
    int maxQueued();

    /** Transactions in flight at once; records arriving meanwhile wait for the next one. */
    @WithDefault("1")
    int inFlight();

    /** Records written in one transaction at most. */
    @WithDefault("256")
    int maxBatch();

    /** Longest wait for one batch's commit before the store is taken to be down. */
    @WithDefault("750ms")
    Duration writeTimeout();

    /** After a failed write, how long requests are refused at once before the store is tried. */
    @WithDefault("500ms")
    Duration pauseAfterFailure();
  }

  interface Tenants {
    /** How long the tenant list is reused before it is fetched again. */
    @WithDefault("30s")
    Duration refreshAfter();

    /** Least time between two fetches caused by tokens from unknown issuers. */
    @WithDefault("5s")
    Duration unknownIssuerBackoff();
  }

  interface Limits {
    /** Longest request URI (path and query) taken. */
    @WithDefault("8192")
    int maxUriLength();

    /** Longest time a request body may take to arrive. */
    @WithDefault("60s")
    Duration bodyTimeout();

    /**
     * Largest body of a prediction (native JSON, or Open Inference Protocol JSON or binary
     * tensors): far below the upload limit, which is the gateway's own.
     */
    @WithDefault("8M")
    MemorySize predictionBody();

    /** Request-body bytes held at once over all requests; past it, 503 with Retry-After. */
    @WithDefault("256M")
    MemorySize bodiesInFlight();

    /**
     * Failed credentials (bad tokens or API keys) one client address may send per minute; past it,
     * 429 until the minute ends.
     */
    @WithDefault("30")
    int failedCredentials();
  }

  interface Tokens {
    /** Longest time a verified token is reused without verifying it again (never past its exp). */
    @WithDefault("60s")
    Duration cacheFor();

    /** Verified tokens kept at most. */
    @WithDefault("10000")
    int cacheSize();

    /** Clock difference allowed with the identity providers, for exp and nbf. */
    @WithDefault("30s")
    Duration clockSkew();

    /** Least time between two fetches of an issuer's keys caused by an unknown key id. */
    @WithDefault("10s")
    Duration keyRefreshBackoff();

    /** How long an issuer's keys are reused before they are fetched again. */
    @WithDefault("10m")
    Duration keysFor();

    /**
     * Whether an identity provider's discovery document and keys may be fetched from a loopback or
     * private address: only in a local run (whose Keycloak is on loopback) and the tests.
     */
    @WithDefault("false")
    boolean allowPrivateIssuers();
  }
}
