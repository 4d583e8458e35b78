package io.medmaas.registry.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.registry.audit.api.AuditFilter;
import io.medmaas.registry.audit.service.AuditFhir;
import io.medmaas.registry.audit.service.AuditLog;
import io.medmaas.registry.audit.store.AuditEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An export that fails midway (the database went away on its second page) is cut off, never
 * finished: what the client has is not a whole Bundle that could pass for the complete search.
 */
class AuditFhirCutOffTest {

  /** A log whose first page is one record and whose second page fails. */
  private static final class FailingLog extends AuditLog {
    boolean failSecondPage = true;

    @Override
    public Scope scope(String tenant, boolean tenantless) {
      return new Scope("aurora-general", false);
    }

    @Override
    public void walk(Scope scope, AuditFilter filter, PageSink sink) throws IOException {
      sink.accept(List.of(record()));
      if (failSecondPage) {
        throw new IllegalStateException("the database went away");
      }
    }
  }

  private static AuditEvent record() {
    AuditEvent e = new AuditEvent();
    e.id = 7L;
    e.kind = "access";
    e.occurredAt = Instant.parse("2026-12-01T10:00:00Z");
    e.recordedAt = e.occurredAt;
    e.requestId = "11111111-2222-3333-4444-555555555555";
    e.tenantId = "aurora-general";
    e.action = "model.predict";
    e.outcome = 200;
    e.source = "gateway@node-1";
    return e;
  }

  private static String export(FailingLog log) throws Exception {
    AuditFhir fhir = new AuditFhir();
    java.lang.reflect.Field field = AuditFhir.class.getDeclaredField("log");
    field.setAccessible(true);
    field.set(fhir, log);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      fhir.export(null, false, new AuditFilter(null, null, null, null, null, null, null, null))
          .write(out);
    } catch (IllegalStateException e) {
      assertTrue(log.failSecondPage, "only the failing walk fails");
      return "FAILED:" + out.toString(StandardCharsets.UTF_8);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aFailureMidwayLeavesNoWholeBundle() throws Exception {
    String partial = export(new FailingLog());
    assertTrue(partial.startsWith("FAILED:"), "the failure reaches the caller");
    String body = partial.substring("FAILED:".length());
    assertThrows(
        IOException.class,
        () -> new ObjectMapper().readTree(body),
        "what was sent does not parse as a document: " + body);
  }

  @Test
  void theSameExportWithoutTheFailureIsWhole() throws Exception {
    FailingLog log = new FailingLog();
    log.failSecondPage = false;
    var bundle = new ObjectMapper().readTree(export(log));
    assertEquals("Bundle", bundle.path("resourceType").asText());
    assertEquals(1, bundle.path("entry").size());
  }
}
