package io.medmaas.registry.audit.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.medmaas.auditproof.ChainCheck;

/**
 * What a walk of one hash chain found.
 *
 * @param chain the tenant whose chain it is ({@code ""}: the records of no tenant)
 * @param intact whether every record from the first to the head holds
 * @param checked how many records held before the walk ended
 * @param head the chain's head as the database states it (its last record's place and hash)
 * @param firstBroken where and why the chain first broke; absent when it is intact
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainReport(
    String chain, boolean intact, long checked, Head head, ChainCheck.Break firstBroken) {

  public record Head(long seq, String hash) {}

  /**
   * The walk's finding, or {@code otherwise} (a break found beside the walk: a signed head the
   * chain no longer passes through, records past the head) when the walk itself found none.
   */
  public static ChainReport of(
      String chain, ChainCheck check, long headSeq, String headHash, ChainCheck.Break otherwise) {
    ChainCheck.Break broken = check.broken() != null ? check.broken() : otherwise;
    return new ChainReport(
        chain, broken == null, check.checked(), new Head(headSeq, headHash), broken);
  }
}
