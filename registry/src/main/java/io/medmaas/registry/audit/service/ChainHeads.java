package io.medmaas.registry.audit.service;

import io.medmaas.auditproof.SignedHead;
import io.medmaas.registry.audit.api.SignedHeadView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Signs chain heads (ADR 0014): on demand, for the caller's chain, and every {@code
 * medmaas.audit.heads.every} for each chain that moved since its last signed head. Every signed
 * head is kept ({@code registry.audit_signed_head}, append-only), so an outside party can be given
 * the heads the platform signed, and a purge can anchor the first record it keeps.
 */
@ApplicationScoped
public class ChainHeads {

  private static final Logger LOG = Logger.getLogger(ChainHeads.class);

  /** Kept through the database's check that the head is a real place and hash of the chain. */
  private static final String KEEP = "SELECT registry.keep_signed_head(?1, ?2, ?3, ?4, ?5, ?6)";

  /** The heads that moved since their last signed head (or were never signed). */
  private static final String MOVED =
      "SELECT h.chain, h.seq, h.last_hash FROM registry.audit_chain_head h WHERE h.seq >"
          + " coalesce((SELECT max(s.seq) FROM registry.audit_signed_head s"
          + " WHERE s.chain = h.chain), 0)";

  @Inject EntityManager em;
  @Inject ChainAccess access;
  @Inject ChainVerifier chains;
  @Inject HeadSigner signer;
  @Inject AuditLinker linker;

  /** The caller's chain's head, every record committed so far linked, signed now (and kept). */
  public SignedHeadView current(String tenant, boolean tenantless) {
    String chain = access.chainFor(tenant, tenantless);
    linker.linkAll();
    return SignedHeadView.of(
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  access.scopeTo(chain);
                  return signCurrent(chain);
                }));
  }

  /** In the current transaction, scoped to the chain: its head now, signed and kept. */
  SignedHead signCurrent(String chain) {
    ChainVerifier.Head head = chains.head(chain);
    return keep(signer.sign(chain, head.seq(), head.hash()));
  }

  /** Every chain whose head moved, signed: the periodic export of heads. */
  @Scheduled(
      every = "${medmaas.audit.heads.every:15m}",
      delayed = "${medmaas.audit.heads.delay:1m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void signMoved() {
    if (!signer.canSign()) {
      return;
    }
    linker.linkAll();
    QuarkusTransaction.requiringNew().run(this::signAllMoved);
  }

  private void signAllMoved() {
    access.scopeToAll();
    @SuppressWarnings("unchecked")
    List<Object[]> moved = em.createNativeQuery(MOVED).getResultList();
    for (Object[] head : moved) {
      keep(signer.sign((String) head[0], ((Number) head[1]).longValue(), (String) head[2]));
    }
    if (!moved.isEmpty()) {
      LOG.infof("Signed the heads of %d audit chains that moved", moved.size());
    }
  }

  /** Keeps a signed head (through the database's check that it is a real place of its chain). */
  SignedHead keep(SignedHead head) {
    em.createNativeQuery(KEEP)
        .setParameter(1, head.chain())
        .setParameter(2, head.seq())
        .setParameter(3, head.hash())
        .setParameter(
            4, java.time.OffsetDateTime.ofInstant(head.signedAt(), java.time.ZoneOffset.UTC))
        .setParameter(5, head.keyId())
        .setParameter(6, head.jws())
        .getSingleResult();
    return head;
  }
}
