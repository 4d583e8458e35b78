package io.medmaas.registry.audit.service;

import io.medmaas.common.audit.AuditRecord;
import io.medmaas.registry.audit.api.AuditFilter;
import io.medmaas.registry.audit.store.AuditEvent;
import io.medmaas.registry.audit.store.AuditEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A search of the audit log as CSV (RFC 4180, UTF-8, newest first), streamed a page at a time
 * ({@link AuditLog#walk}): one line per record, with every field of the record but its before and
 * after states. A value that a spreadsheet would run as a formula (starting with {@code = + - @}, a
 * tab or a carriage return) is written with a leading apostrophe.
 */
@ApplicationScoped
public class AuditCsv {

  static final List<String> HEADER =
      List.of(
          "id",
          "kind",
          "occurredAt",
          "requestId",
          "tenant",
          "subject",
          "username",
          "clientId",
          "tokenId",
          "clientAddress",
          "action",
          "model",
          "modelVersion",
          "outcome",
          "problemType",
          "latencyMs",
          "inputDigest",
          "instances",
          "source");

  @Inject AuditLog log;

  public StreamingOutput export(String tenant, boolean tenantless, AuditFilter filter) {
    AuditLog.Scope scope = log.scope(tenant, tenantless);
    return out -> {
      Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      writer.write(String.join(",", HEADER));
      writer.write("\r\n");
      log.walk(
          scope,
          filter,
          events -> {
            for (AuditEvent e : events) {
              writer.write(line(AuditEvents.toRecord(e)));
            }
            writer.flush();
          });
      writer.flush();
    };
  }

  static String line(AuditRecord r) {
    return String.join(
            ",",
            cell(r.id() == null ? null : r.id().toString()),
            cell(r.kind()),
            cell(r.occurredAt() == null ? null : r.occurredAt().toString()),
            cell(r.requestId()),
            cell(r.tenant()),
            cell(r.subject()),
            cell(r.username()),
            cell(r.clientId()),
            cell(r.tokenId()),
            cell(r.clientAddress()),
            cell(r.action()),
            cell(r.model()),
            cell(r.modelVersion()),
            cell(Integer.toString(r.outcome())),
            cell(r.problemType()),
            cell(Integer.toString(r.latencyMs())),
            cell(r.inputDigest()),
            cell(r.instances() == null ? null : r.instances().toString()),
            cell(r.source()))
        + "\r\n";
  }

  /** One field: quoted when it must be, and never a formula. */
  static String cell(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    if (safe.indexOf(',') >= 0
        || safe.indexOf('"') >= 0
        || safe.indexOf('\n') >= 0
        || safe.indexOf('\r') >= 0) {
      return '"' + safe.replace("\"", "\"\"") + '"';
    }
    return safe;
  }
}
