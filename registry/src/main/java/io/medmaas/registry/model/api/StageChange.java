package io.medmaas.registry.model.api;

/**
 * A request to move a version to another lifecycle stage. Promoting a version whose metrics the
 * platform did not verify needs {@code override: true} and a {@code reason}, both audited.
 */
public record StageChange(String stage, Boolean override, String reason) {

  public boolean overrides() {
    return Boolean.TRUE.equals(override);
  }
}
