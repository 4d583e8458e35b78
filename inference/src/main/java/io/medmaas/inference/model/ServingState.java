package io.medmaas.inference.model;

/** Where a model version stands in this inference instance. */
public enum ServingState {
  /** Not loaded here (yet, or unloaded to free memory); the next request loads it. */
  NOT_LOADED,
  /** Being loaded and warmed; requests wait, or are served by the version the alias had. */
  LOADING,
  /** Loaded, warmed, taking requests. */
  READY,
  /** The last load failed; the next request tries again. */
  FAILED;

  public String value() {
    return name().toLowerCase().replace('_', '-');
  }
}
