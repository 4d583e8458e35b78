package io.medmaas.registry.model.store;

import com.fasterxml.jackson.annotation.JsonValue;

/** Lifecycle stage of a model version; stored and shown in lower case. */
public enum Stage {
  draft,
  staging,
  production,
  archived;

  @JsonValue
  public String value() {
    return name();
  }
}
