package io.medmaas.registry.upload;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Set;

/** What the registry accepts in an upload. */
@ConfigMapping(prefix = "medmaas.upload")
public interface UploadPolicy {

  /** Largest ONNX file accepted, in bytes. */
  @WithDefault("52428800")
  long maxArtifactBytes();

  /** Largest validation set accepted, in bytes. */
  @WithDefault("16777216")
  long maxValidationBytes();

  /** Virtual-memory cap of the trial-load process (JVM plus ONNX Runtime), in bytes. */
  @WithDefault("3221225472")
  long trialLoadMemoryBytes();

  /** Java heap of the trial-load process, in MiB. */
  @WithDefault("128")
  int trialLoadHeapMb();

  /** Time budget of one trial load. */
  @WithDefault("30s")
  java.time.Duration trialLoadTimeout();

  /** Operator-set domains a model may use besides the default ONNX domain (always allowed). */
  @WithDefault("ai.onnx,ai.onnx.ml")
  Set<String> allowedOperatorDomains();
}
