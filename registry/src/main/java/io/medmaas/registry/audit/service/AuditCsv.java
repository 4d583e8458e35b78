package io.medmaas.registry.audit.service;

import io.medmaas.common.audit.AuditRecord;
import io.medmaas.registry.audit.api.AuditFilter;
import io.medmaas.registry.audit.api.AuditPage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A search of the audit log as CSV (RFC 4180, UTF-8, newest first), streamed a page at a time so
 * memory stays bounded: one line per record, with every field of the record but its before and
 * after states. A value that a spreadsheet would run as a formula (starting with {@code = + - @}, a
 * tab or a carriage return) is written with a leading apostrophe.
 */
@ApplicationScoped
public class AuditCsv {

  static final int PAGE = io.medmaas.common.http.Pages.MAX_SIZE;

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
          "instances");

  @Inject AuditLog log;

  public StreamingOutput export(String tenant, boolean tenantless, AuditFilter filter) {
    AuditLog.Scope scope = log.scope(tenant, tenantless);
    return out -> {
      Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      writer.write(String.join(",", HEADER));
      writer.write("\r\n");
      String cursor = first();
      while (cursor != null) {
        AuditPage page = log.search(scope, filter, cursor, 0, PAGE);
        for (AuditRecord r : page.items()) {
          writer.write(line(r));
        }
        writer.flush();
        cursor = page.next();
      }
      writer.flush();
    };
  }

  /** A cursor before every record: the newest first. */
  private static String first() {
    return new AuditLog.Place(java.time.Instant.parse("9999-01-01T00:00:00Z"), Long.MAX_VALUE)
        .encode();
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
            cell(r.instances() == null ? null : r.instances().toString()))
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
