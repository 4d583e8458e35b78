package io.medmaas.registry.audit.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Links committed audit records into their chains (ADR 0014) through the database's own linker
 * ({@code registry.audit_link_pending}, one at a time across every registry replica): a few times a
 * second, and before a chain is verified, signed or exported, so those see every record committed
 * before them. Writers never wait on it; a record is linked within moments of its commit.
 */
@ApplicationScoped
public class AuditLinker {

  /** Records one round links at most (one transaction). */
  static final int ROUND = 5_000;

  /** Rounds one call runs at most, so a flood of records cannot hold the caller for long. */
  static final int MAX_ROUNDS = 20;

  @Inject EntityManager em;

  @Scheduled(
      every = "${medmaas.audit.link.every:250ms}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void linkPending() {
    link(false); // another linker at work: nothing to do now
  }

  /**
   * Links what is committed now (up to {@link #MAX_ROUNDS} rounds), waiting for a linker at work so
   * that nothing committed before the call is left; how many it linked.
   */
  public int linkAll() {
    return link(true);
  }

  private int link(boolean wait) {
    int total = 0;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      int linked = QuarkusTransaction.requiringNew().call(() -> linkRound(wait));
      total += linked;
      if (linked < ROUND) {
        break;
      }
    }
    return total;
  }

  private int linkRound(boolean wait) {
    return ((Number)
            em.createNativeQuery("SELECT registry.audit_link_pending(?1, ?2)")
                .setParameter(1, ROUND)
                .setParameter(2, wait)
                .getSingleResult())
        .intValue();
  }
}
