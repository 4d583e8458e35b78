package io.medmaas.registry.audit.service;

import io.medmaas.common.audit.AuditRecord;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.registry.audit.api.AuditPage;
import io.medmaas.registry.audit.store.AuditEvent;
import io.medmaas.registry.audit.store.AuditEventRepository;
import io.medmaas.registry.audit.store.AuditEvents;
import io.medmaas.registry.model.service.Pages;
import io.medmaas.registry.rows.RowScoped;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Appends to and reads the audit log; reads are always scoped to one tenant. */
@ApplicationScoped
@RowScoped
public class AuditLog {

  private static final Pattern DIGEST = Pattern.compile("hmac-sha256:[0-9a-f]{64}");

  @Inject AuditEventRepository events;

  /** Most records accepted in one batch. */
  public static final int MAX_BATCH = 512;

  /** Appends one record; it is durable when this method returns. */
  @Transactional
  public AuditRecord append(AuditRecord record) {
    check(record, "");
    AuditEvent entity = AuditEvents.toEntity(record);
    events.persist(entity);
    return AuditEvents.toRecord(entity);
  }

  /** Appends records in one transaction: all are durable when this returns, or none is written. */
  @Transactional
  public int appendAll(List<AuditRecord> records) {
    if (records == null || records.isEmpty() || records.size() > MAX_BATCH) {
      throw new ProblemException(
          ProblemType.INVALID_INPUT, "A batch holds 1 to " + MAX_BATCH + " audit records");
    }
    for (int i = 0; i < records.size(); i++) {
      check(records.get(i), "[" + i + "].");
    }
    records.forEach(record -> events.persist(AuditEvents.toEntity(record)));
    return records.size();
  }

  private static void check(AuditRecord record, String at) {
    if (record == null) {
      throw new ProblemException(ProblemType.INVALID_INPUT, "Invalid audit record: " + at + "null");
    }
    List<String> errors = new ArrayList<>();
    if (record.requestId() == null || record.requestId().isBlank()) {
      errors.add("requestId: required");
    }
    if (record.action() == null || record.action().isBlank()) {
      errors.add("action: required");
    }
    if (record.outcome() < 100 || record.outcome() > 599) {
      errors.add("outcome: must be an HTTP status");
    }
    if (record.inputDigest() != null && !DIGEST.matcher(record.inputDigest()).matches()) {
      errors.add("inputDigest: must be hmac-sha256:<64 hex digits>");
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ProblemType.INVALID_INPUT,
          "Invalid audit record",
          errors.stream().map(e -> at + e).toList());
    }
  }

  @Transactional
  public AuditPage page(String tenant, int page, int size) {
    Pages.check(page, size);
    PanacheQuery<AuditEvent> query = events.ofTenant(tenant).page(page, size);
    List<AuditRecord> items = query.list().stream().map(AuditEvents::toRecord).toList();
    return new AuditPage(items, page, size, query.count());
  }
}
