package io.medmaas.registry.audit.service;

import io.medmaas.auditproof.AuditChain;
import io.medmaas.auditproof.ChainCheck;
import io.medmaas.auditproof.SignedHead;
import io.medmaas.registry.audit.api.ChainReport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Re-walks one hash chain of the audit log from its first record to its head (ADR 0014), a page at
 * a time, recomputing every hash in Java ({@link AuditChain}, independent of the database's own
 * function) and reporting the first broken link. A tenant's auditors verify their tenant's chain;
 * the platform's (its admins and auditors) any tenant's, or the chain of records of no tenant. The
 * head is read first, so records appended meanwhile are left for the next walk.
 */
@ApplicationScoped
public class ChainVerifier {

  static final int PAGE = 1_000;

  private static final String HEAD =
      "SELECT seq, last_hash FROM registry.audit_chain_head WHERE chain = ?1";

  private static final String LINKS =
      "SELECT chain, chain_seq, prev_hash, hash, id, kind, occurred_at, recorded_at, request_id,"
          + " tenant_id, subject, username, client_id, token_id, client_address, action, model,"
          + " model_version, outcome, problem_type, latency_ms, input_digest, instances,"
          + " before_state, after_state, source FROM registry.audit_event"
          + " WHERE chain = ?1 AND chain_seq > ?2 AND chain_seq <= ?3 ORDER BY chain_seq LIMIT ?4";

  @Inject EntityManager em;
  @Inject ChainAccess access;
  @Inject AuditLinker linker;
  @Inject HeadSigner signer;

  /** Links what is committed, then walks the chain. */
  public ChainReport verify(String tenant, boolean tenantless) {
    String chain = access.chainFor(tenant, tenantless);
    linker.linkAll();
    Start start = QuarkusTransaction.requiringNew().call(() -> start(chain));
    return QuarkusTransaction.requiringNew().call(() -> walk(chain, start));
  }

  /**
   * Where a walk starts and must end, read in a moment the linker is held off (its advisory lock):
   * the head, whether records follow it, the furthest head the platform signed and kept, the last
   * kept head up to this one (its signature checked), and the chain's purge anchor.
   */
  private record Start(
      Head head, boolean recordsPast, long furthestSigned, String lastKept, Anchor anchor) {}

  private Start start(String chain) {
    access.scopeTo(chain);
    em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('medmaas.audit.linker'))")
        .getSingleResult();
    Head head = head(chain);
    @SuppressWarnings("unchecked")
    List<Object> lastKept =
        em.createNativeQuery(
                "SELECT jws FROM registry.audit_signed_head WHERE chain = ?1 AND seq <= ?2"
                    + " ORDER BY seq DESC, id DESC LIMIT 1")
            .setParameter(1, chain)
            .setParameter(2, head.seq())
            .getResultList();
    Number furthest =
        (Number)
            em.createNativeQuery(
                    "SELECT coalesce(max(seq), 0) FROM registry.audit_signed_head WHERE chain = ?1")
                .setParameter(1, chain)
                .getSingleResult();
    return new Start(
        head,
        linkedPast(chain, head.seq()),
        furthest.longValue(),
        lastKept.isEmpty() ? null : (String) lastKept.get(0),
        anchor(chain));
  }

  private static ChainReport broken(
      String chain, ChainCheck check, Head head, ChainCheck.Break found) {
    return ChainReport.of(chain, check, head.seq(), head.hash(), found);
  }

  /** Walks the chain from its start (or its anchor) to the head it had when the walk began. */
  private ChainReport walk(String chain, Start start) {
    access.scopeTo(chain);
    Head head = start.head();
    Anchor anchor = start.anchor();
    ChainCheck check =
        anchor == null
            ? new ChainCheck(chain)
            : new ChainCheck(chain, anchor.firstSeq(), anchor.prevHash());
    if (anchor != null && !anchor.holds(chain, signer)) {
      return broken(
          chain,
          check,
          head,
          new ChainCheck.Break(anchor.firstSeq(), null, "its purge anchor does not verify"));
    }
    SignedHead signed = start.lastKept() == null ? null : signer.verify(start.lastKept());
    if (start.lastKept() != null && signed == null) {
      return broken(
          chain,
          check,
          head,
          new ChainCheck.Break(head.seq(), null, "a head the platform kept does not verify"));
    }
    if (start.furthestSigned() > head.seq()) {
      return broken(
          chain,
          check,
          head,
          new ChainCheck.Break(
              head.seq() + 1,
              null,
              "records "
                  + (head.seq() + 1)
                  + " to "
                  + start.furthestSigned()
                  + " are missing (a head was signed at "
                  + start.furthestSigned()
                  + ")"));
    }
    long after = anchor == null ? 0 : anchor.firstSeq() - 1;
    boolean going = true;
    while (going) {
      List<AuditChain.Link> links = links(chain, after, head.seq());
      for (AuditChain.Link link : links) {
        after = link.seq();
        if (!check.next(link)) {
          going = false;
          break;
        }
        if (signed != null && link.seq() == signed.seq() && !link.hash().equals(signed.hash())) {
          return broken(
              chain,
              check,
              head,
              new ChainCheck.Break(
                  link.seq(),
                  link.id(),
                  "it is not the record the head signed on " + signed.signedAt() + " names"));
        }
      }
      going &= links.size() == PAGE;
    }
    check.end(head.seq(), head.hash());
    if (check.broken() == null && start.recordsPast()) {
      return broken(
          chain,
          check,
          head,
          new ChainCheck.Break(head.seq() + 1, null, "records follow the chain's head"));
    }
    return ChainReport.of(chain, check, head.seq(), head.hash(), null);
  }

  private boolean linkedPast(String chain, long seq) {
    return !em.createNativeQuery(
            "SELECT 1 FROM registry.audit_event WHERE chain = ?1 AND chain_seq > ?2 LIMIT 1")
        .setParameter(1, chain)
        .setParameter(2, seq)
        .getResultList()
        .isEmpty();
  }

  /**
   * Where a purged chain now starts: its first record kept, the hash of the last one removed, and
   * that record's head as the platform signed it before the purge.
   */
  public record Anchor(long firstSeq, String prevHash, String headJws) {

    /** Whether the signed head is the platform's and names exactly this anchor's place. */
    boolean holds(String chain, HeadSigner signer) {
      SignedHead signed = signer.verify(headJws);
      return signed != null
          && SignedHead.ANCHOR.equals(signed.kind())
          && signed.chain().equals(chain)
          && signed.seq() == firstSeq - 1
          && signed.hash().equals(prevHash);
    }
  }

  /** The chain's latest purge anchor, or null when it was never purged. */
  Anchor anchor(String chain) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT first_seq, prev_hash, head_jws FROM registry.audit_chain_anchor"
                    + " WHERE chain = ?1 ORDER BY first_seq DESC LIMIT 1")
            .setParameter(1, chain)
            .getResultList();
    return rows.isEmpty()
        ? null
        : new Anchor(
            ((Number) rows.get(0)[0]).longValue(),
            (String) rows.get(0)[1],
            (String) rows.get(0)[2]);
  }

  /** A chain's head as the database states it: its last record's place and hash. */
  public record Head(long seq, String hash) {}

  /** The chain's head, in the current transaction's scope (none yet: place 0, the genesis). */
  Head head(String chain) {
    @SuppressWarnings("unchecked")
    List<Object[]> heads = em.createNativeQuery(HEAD).setParameter(1, chain).getResultList();
    return heads.isEmpty()
        ? new Head(0, AuditChain.GENESIS)
        : new Head(((Number) heads.get(0)[0]).longValue(), (String) heads.get(0)[1]);
  }

  /** Up to a page of the chain's records after place {@code after}, up to place {@code upTo}. */
  List<AuditChain.Link> links(String chain, long after, long upTo) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(LINKS)
            .setParameter(1, chain)
            .setParameter(2, after)
            .setParameter(3, upTo)
            .setParameter(4, PAGE)
            .getResultList();
    return rows.stream().map(ChainVerifier::link).toList();
  }

  private static AuditChain.Link link(Object[] r) {
    return new AuditChain.Link(
        (String) r[0],
        ((Number) r[1]).longValue(),
        (String) r[2],
        (String) r[3],
        ((Number) r[4]).longValue(),
        (String) r[5],
        instant(r[6]),
        instant(r[7]),
        (String) r[8],
        (String) r[9],
        (String) r[10],
        (String) r[11],
        (String) r[12],
        (String) r[13],
        (String) r[14],
        (String) r[15],
        (String) r[16],
        (String) r[17],
        ((Number) r[18]).intValue(),
        (String) r[19],
        ((Number) r[20]).intValue(),
        (String) r[21],
        r[22] == null ? null : ((Number) r[22]).intValue(),
        (String) r[23],
        (String) r[24],
        (String) r[25]);
  }

  private static Instant instant(Object value) {
    if (value instanceof Instant at) {
      return at;
    }
    if (value instanceof OffsetDateTime at) {
      return at.toInstant();
    }
    if (value instanceof java.sql.Timestamp at) {
      return at.toInstant();
    }
    throw new IllegalStateException("not an instant: " + value.getClass().getSimpleName());
  }
}
