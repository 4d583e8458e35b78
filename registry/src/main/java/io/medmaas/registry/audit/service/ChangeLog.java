package io.medmaas.registry.audit.service;

import io.medmaas.common.audit.AuditRecord;
import io.medmaas.common.audit.AuditTable;
import io.medmaas.common.audit.ChangeRecords;
import io.medmaas.common.caller.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import org.hibernate.Session;

/**
 * Records changes to registry objects (who, what, before, after) as change records of the audit
 * log, through the log's one append statement ({@link AuditTable}), in the same transaction as the
 * change itself: a change without its record cannot commit. A change record points at the request
 * that made it by its request id; that request's access record is the gateway's.
 */
@ApplicationScoped
public class ChangeLog {

  @Inject EntityManager em;

  @Transactional(Transactional.TxType.MANDATORY)
  public void record(
      Caller caller, String action, String model, String version, String before, String after) {
    AuditRecord record =
        ChangeRecords.by(caller, action).model(model, version).states(before, after).build();
    em.unwrap(Session.class).doWork(connection -> AuditTable.append(connection, List.of(record)));
  }
}
