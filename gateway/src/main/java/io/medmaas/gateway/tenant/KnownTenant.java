package io.medmaas.gateway.tenant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A tenant as the gateway needs it: whose tokens, for which audience, whether accepted. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KnownTenant(
    String id, String displayName, String issuer, String audience, String status) {

  public boolean active() {
    return "active".equals(status);
  }
}
