package io.medmaas.registry.audit.service;

import io.medmaas.common.caller.Caller;
import io.medmaas.registry.audit.store.AuditEvent;
import io.medmaas.registry.audit.store.AuditEventRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Records changes to registry objects (who, what, before, after) in the audit log, in the same
 * transaction as the change itself: a change without its record cannot commit.
 */
@ApplicationScoped
public class ChangeLog {

  @Inject AuditEventRepository events;

  @Transactional(Transactional.TxType.MANDATORY)
  public void record(
      Caller caller, String action, String model, String version, String before, String after) {
    AuditEvent event = new AuditEvent();
    event.occurredAt = Instant.now();
    event.requestId = caller.requestId().orElse("internal");
    event.tenantId = caller.tenant().orElse(null);
    event.subject = caller.subject();
    event.action = action;
    event.model = model;
    event.modelVersion = version;
    event.outcome = 200;
    event.latencyMs = 0;
    event.beforeState = before;
    event.afterState = after;
    events.persist(event);
  }
}
