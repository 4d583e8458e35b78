package io.medmaas.gateway.apikey;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.medmaas.gateway.pipeline.GatewayCaller;
import java.time.Instant;
import java.util.List;

/**
 * An API key as tenant-admin's directory gives it to the gateway (no secret, its keyed hash), with
 * its own limits (null: its tenant's only) and its lineage (the first key of its chain of
 * rotations, whose bucket and counts it shares).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KnownKey(
    String id,
    String tenant,
    List<String> scopes,
    List<String> models,
    String secretHash,
    String hashKeyId,
    Instant expiresAt,
    boolean revoked,
    GatewayCaller.KeyLimits limits,
    String lineage) {

  /** The id the key is metered under: the first key of its chain of rotations. */
  public String meteredAs() {
    return lineage != null ? lineage : id;
  }
}
