package io.medmaas.registry.audit.service;

import io.medmaas.common.audit.AuditRecord;
import io.medmaas.common.audit.AuditTable;
import io.medmaas.common.caller.Caller;
import io.medmaas.common.caller.RequestIds;
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
        AuditRecord.change(caller.requestId().orElseGet(RequestIds::newId), action)
            .tenant(caller.tenant().orElse(null))
            .who(caller.subject(), caller.username().orElse(null), null, null)
            .model(model, version)
            .states(before, after)
            .build();
    em.unwrap(Session.class).doWork(connection -> AuditTable.append(connection, List.of(record)));
  }
}
