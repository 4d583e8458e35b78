package io.medmaas.registry.audit.service;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.medmaas.registry.audit.api.AuditFilter;
import io.medmaas.registry.audit.store.AuditEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * A search of the audit log as a FHIR R4 {@code Bundle} of type {@code collection}, one {@code
 * AuditEvent} per record ({@link BalpEvent}), newest first, streamed a page at a time ({@link
 * AuditLog#walk}): an export for a hospital's audit repository or SIEM. Each entry's {@code
 * fullUrl} is a UUID derived from the record's id, the same in every export.
 */
@ApplicationScoped
public class AuditFhir {

  public static final String MEDIA_TYPE = "application/fhir+json";

  private static final JsonFactory JSON = new JsonFactory();

  @Inject AuditLog log;

  public StreamingOutput export(String tenant, boolean tenantless, AuditFilter filter) {
    AuditLog.Scope scope = log.scope(tenant, tenantless);
    return out -> {
      try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
        json.writeStartObject();
        json.writeStringField("resourceType", "Bundle");
        json.writeStringField("type", "collection");
        json.writeStringField("timestamp", BalpEvent.instant(Instant.now()));
        boolean[] entries = {false}; // FHIR has no empty arrays: an empty search has no entry
        log.walk(
            scope,
            filter,
            events -> {
              for (AuditEvent e : events) {
                if (!entries[0]) {
                  json.writeArrayFieldStart("entry");
                  entries[0] = true;
                }
                json.writeStartObject();
                json.writeStringField("fullUrl", "urn:uuid:" + uuid(e.id));
                json.writeFieldName("resource");
                BalpEvent.write(json, e);
                json.writeEndObject();
              }
              json.flush();
            });
        if (entries[0]) {
          json.writeEndArray();
        }
        json.writeEndObject();
      }
    };
  }

  /** The entry's stable identity: a name-based UUID of the record's id. */
  static UUID uuid(long id) {
    return UUID.nameUUIDFromBytes(("medmaas-audit-event:" + id).getBytes(StandardCharsets.UTF_8));
  }
}
