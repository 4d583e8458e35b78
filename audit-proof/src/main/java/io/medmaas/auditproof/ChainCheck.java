package io.medmaas.auditproof;

/**
 * Walks one chain in order, a record at a time (so in bounded memory), and keeps the first broken
 * link: a record whose hash is not that of its canonical form (it was changed), whose previous hash
 * is not the hash of the record before it (one was changed or put in between), or whose place is
 * not the next one (records are missing). At the end, the chain's last record must be its head, as
 * the database or a signed export states it (records cut off the end).
 */
public final class ChainCheck {

  /** Where and why a chain first broke. */
  public record Break(long seq, Long id, String reason) {}

  private final String chain;
  private long expectedSeq;
  private String expectedPrev;
  private long checked;
  private Break broken;

  /** A check from the chain's start. */
  public ChainCheck(String chain) {
    this(chain, 1, AuditChain.GENESIS);
  }

  /**
   * A check from a known link on (after a purge: the first kept record's place and the hash before
   * it, as a signed head anchors them).
   */
  public ChainCheck(String chain, long firstSeq, String prevHash) {
    this.chain = chain;
    this.expectedSeq = firstSeq;
    this.expectedPrev = prevHash;
  }

  /** Takes the next record; false once the chain is broken (later records prove nothing more). */
  public boolean next(AuditChain.Link record) {
    if (broken != null) {
      return false;
    }
    if (!chain.equals(record.chain())) {
      return fail(record.seq(), record.id(), "the record belongs to another chain");
    }
    if (record.seq() != expectedSeq) {
      return fail(
          expectedSeq,
          null,
          record.seq() > expectedSeq
              ? "records " + expectedSeq + " to " + (record.seq() - 1) + " are missing"
              : "record " + record.seq() + " is out of order");
    }
    if (!expectedPrev.equals(record.prevHash())) {
      return fail(record.seq(), record.id(), "its previous hash is not the record before it's");
    }
    if (!AuditChain.hash(record).equals(record.hash())) {
      return fail(record.seq(), record.id(), "its content does not match its hash");
    }
    checked++;
    expectedSeq++;
    expectedPrev = record.hash();
    return true;
  }

  /** After the last record: the chain must end at its head (seq and hash). */
  public void end(long headSeq, String headHash) {
    if (broken != null) {
      return;
    }
    if (expectedSeq - 1 < headSeq) {
      fail(
          expectedSeq,
          null,
          "records "
              + expectedSeq
              + " to "
              + headSeq
              + " are missing (the head is "
              + headSeq
              + ")");
    } else if (expectedSeq - 1 > headSeq || !expectedPrev.equals(headHash)) {
      fail(headSeq, null, "the chain does not end at its head");
    }
  }

  public long checked() {
    return checked;
  }

  /** The first broken link, or null when every record checked holds. */
  public Break broken() {
    return broken;
  }

  private boolean fail(long seq, Long id, String reason) {
    broken = new Break(seq, id, reason);
    return false;
  }
}
