package io.medmaas.inference;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the inference service. */
@ConfigMapping(prefix = "medmaas")
public interface InferenceConfig {

  /** Where the registry is. */
  Registry registry();

  /** Engine and request limits. */
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

    /** Predictors (ORT sessions' DJL wrappers) per loaded model version. */
    @WithDefault("2")
    int predictorsPerModel();

    /** ONNX Runtime intra-op threads per session. */
    @WithDefault("1")
    int intraOpThreads();

    /** ONNX Runtime inter-op threads per session. */
    @WithDefault("1")
    int interOpThreads();

    /** Most instances accepted in one request. */
    @WithDefault("64")
    int maxInstances();

    /** Folder where verified artifacts are written for loading; a temp folder by default. */
    Optional<String> modelDir();
  }
}
