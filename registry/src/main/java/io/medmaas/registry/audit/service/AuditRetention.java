package io.medmaas.registry.audit.service;

import io.medmaas.auditproof.SignedHead;
import io.medmaas.common.access.Action;
import io.medmaas.common.audit.AuditRecord;
import io.medmaas.common.audit.AuditTable;
import io.medmaas.common.audit.ChangeRecords;
import io.medmaas.common.caller.Caller;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.registry.audit.api.PurgeReport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

/**
 * Retention (ADR 0014): records older than {@code medmaas.audit.retention} (six years by default,
 * HIPAA's documentation retention) leave the log only through this explicit purge, by a platform
 * admin, one chain at a time. The oldest records, a whole prefix of the chain, are removed, and an
 * anchor is left where the chain now starts: the hash of the last record removed and that record's
 * head, signed just before. The chain verifies from its anchor on, online and offline, and the
 * purge is itself a change record of the chain (how many records, up to which place).
 */
@ApplicationScoped
public class AuditRetention {

  @ConfigProperty(name = "medmaas.audit.retention", defaultValue = "P2190D")
  Duration retention;

  @Inject EntityManager em;
  @Inject ChainAccess access;
  @Inject AuditLinker linker;
  @Inject HeadSigner signer;
  @Inject ChainHeads heads;
  @Inject Caller caller;

  public PurgeReport purge(String tenant, boolean tenantless, String beforeParam) {
    String chain = access.chainFor(tenant, tenantless);
    Instant limit = Instant.now().minus(retention);
    Instant before = before(beforeParam, limit);
    AuditRecord.Builder record =
        ChangeRecords.by(caller, Action.AUDIT_PURGE.id()).tenant(chain.isEmpty() ? null : chain);
    linker.linkAll();
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              access.scopeToAll();
              @SuppressWarnings("unchecked")
              List<Object[]> point =
                  em.createNativeQuery(
                          "SELECT last_seq, last_hash FROM registry.audit_purge_point(?1, ?2)")
                      .setParameter(1, chain)
                      .setParameter(2, before.atOffset(ZoneOffset.UTC))
                      .getResultList();
              if (point.isEmpty() || point.get(0)[0] == null) {
                return new PurgeReport(chain, before, 0, null, null);
              }
              long last = ((Number) point.get(0)[0]).longValue();
              String hash = (String) point.get(0)[1];
              SignedHead anchor = heads.keep(signer.signAnchor(chain, last, hash));
              long removed =
                  ((Number)
                          em.createNativeQuery("SELECT registry.audit_purge(?1, ?2, ?3, ?4, ?5)")
                              .setParameter(1, chain)
                              .setParameter(2, before.atOffset(ZoneOffset.UTC))
                              .setParameter(3, last)
                              .setParameter(4, hash)
                              .setParameter(5, anchor.jws())
                              .getSingleResult())
                      .longValue();
              PurgeReport report = new PurgeReport(chain, before, removed, last + 1, anchor.jws());
              AuditRecord change =
                  record
                      .states(null, "{\"purged\":" + removed + ",\"firstKept\":" + (last + 1) + "}")
                      .build();
              em.unwrap(Session.class)
                  .doWork(connection -> AuditTable.append(connection, List.of(change)));
              return report;
            });
  }

  private Instant before(String value, Instant limit) {
    if (value == null) {
      return limit;
    }
    Instant asked;
    try {
      asked = LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new ProblemException(ProblemType.INVALID_INPUT, "before must be a date (YYYY-MM-DD)");
    }
    if (asked.isAfter(limit)) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "Records younger than the retention period ("
              + retention.toDays()
              + " days) are kept: before may be "
              + limit.atOffset(ZoneOffset.UTC).toLocalDate()
              + " at the latest");
    }
    return asked;
  }
}
