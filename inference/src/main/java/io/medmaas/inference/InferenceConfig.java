package io.medmaas.inference;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Settings of the inference service. */
@ConfigMapping(prefix = "medmaas")
public interface InferenceConfig {

  /** Where the registry is. */
  Registry registry();

  /** Engine, queue, cache and request limits. */
  Inference inference();

  /** Where alias events come from (optional). */
  Events events();

  interface Events {
    /** JDBC URL of the registry's PostgreSQL, used only to LISTEN for alias moves. */
    Optional<String> jdbcUrl();

    /** Database user for LISTEN (needs no table privileges). */
    Optional<String> username();

    /** Its password, from a secret. */
    Optional<String> password();
  }

  interface Registry {
    /** Base URL of the registry service. */
    String url();
  }

  interface Inference {
    /** How long an alias resolution is reused before the registry is asked again. */
    @WithDefault("5s")
    Duration aliasTtl();

    /** Batcher workers per loaded model version, each with its own session wrapper. */
    @WithDefault("2")
    int predictorsPerModel();

    /** ONNX Runtime intra-op threads per session. */
    @WithDefault("1")
    int intraOpThreads();

    /** ONNX Runtime inter-op threads per session. */
    @WithDefault("1")
    int interOpThreads();

    /** Most instances accepted in one request; more is answered 400. */
    @WithDefault("64")
    int maxInstances();

    /** Queue and batcher defaults for every model version. */
    Batching batching();

    /** Per-model overrides of the batching defaults, keyed by model name. */
    Map<String, ModelBatching> models();

    /** The bound on loaded models. */
    Cache cache();

    /** Explanation cost bounds. */
    Explain explain();
  }

  interface Batching {
    /** Most rows run together; 1 turns dynamic batching off. */
    @WithDefault("32")
    int maxBatchSize();

    /** How long a partial batch waits for more rows of the same tenant, in microseconds. */
    @WithDefault("0")
    long maxQueueDelayMicros();

    /** Most requests waiting per model version (all tenants); beyond it: 503. */
    @WithDefault("128")
    int maxQueued();

    /** Fraction of the queue one tenant may hold; beyond it: 429. */
    @WithDefault("0.5")
    double tenantShare();

    /** How long a request may wait and run before it is answered 503. */
    @WithDefault("10s")
    Duration deadline();
  }

  interface ModelBatching {
    OptionalInt maxBatchSize();

    OptionalLong maxQueueDelayMicros();
  }

  interface Cache {
    /**
     * Estimated memory the loaded models may hold; beyond it the least recently used version that
     * no alias serves is unloaded.
     */
    @WithDefault("1G")
    MemorySize maxBytes();
  }

  interface Explain {
    /** Most extra model evaluations one explanation may spend. */
    @WithDefault("1024")
    int maxEvaluations();

    /** Sampling seed when the request gives none: the same request gets the same explanation. */
    @WithDefault("42")
    long seed();
  }
}
