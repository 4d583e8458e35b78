package io.medmaas.registry.audit.api;

import io.medmaas.common.audit.AuditRecord;
import java.util.List;

/** One page of audit records, newest first. */
public record AuditPage(List<AuditRecord> items, int page, int size, long total) {}
