package io.medmaas.tenancy.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.access.Action;
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
 * Records tenant-admin's changes (who, what, before, after) as change records of the one audit log,
 * in the same transaction as the change: a change without its record cannot commit. The record is
 * for the tenant changed, so that its own auditors see what the platform did to it. The states are
 * the objects' API views, which hold no secret (an API key's view has no secret).
 */
@ApplicationScoped
public class ChangeLog {

  @Inject EntityManager em;
  @Inject ObjectMapper json;

  @Transactional(Transactional.TxType.MANDATORY)
  public void record(Caller caller, Action action, String tenant, Object before, Object after) {
    AuditRecord record =
        ChangeRecords.by(caller, action.id())
            .tenant(tenant)
            .states(state(before), state(after))
            .build();
    em.unwrap(Session.class).doWork(connection -> AuditTable.append(connection, List.of(record)));
  }

  private String state(Object view) {
    if (view == null) {
      return null;
    }
    try {
      return json.writeValueAsString(view);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("An API view could not be written as JSON", e);
    }
  }
}
