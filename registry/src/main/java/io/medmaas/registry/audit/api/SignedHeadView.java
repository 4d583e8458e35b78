package io.medmaas.registry.audit.api;

import io.medmaas.auditproof.SignedHead;
import java.time.Instant;

/**
 * A chain's head as the platform signed it: keep {@code jws}; {@code ./maas verify-audit --earlier}
 * later shows whether the log still passes through it.
 */
public record SignedHeadView(
    String chain, long seq, String hash, Instant signedAt, String keyId, String jws) {

  public static SignedHeadView of(SignedHead head) {
    return new SignedHeadView(
        head.chain(), head.seq(), head.hash(), head.signedAt(), head.keyId(), head.jws());
  }
}
