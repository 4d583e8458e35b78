package io.medmaas.registry.audit.service;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
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

  /**
   * Never closes what it was given nor finishes a document on its own: if a page fails midway the
   * stream is left cut off (the connection is reset), so a partial export can never pass for a
   * whole Bundle.
   */
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
          .build();

  @Inject AuditLog log;

  public StreamingOutput export(String tenant, boolean tenantless, AuditFilter filter) {
    AuditLog.Scope scope = log.scope(tenant, tenantless);
    return out -> {
      // not try-with-resources: closing on a failure would end a half-written document
      JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8);
      {
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
      json.close(); // only a whole Bundle is finished; the stream itself is closed by its owner
    };
  }

  /** The entry's stable identity: a name-based UUID of the record's id. */
  static UUID uuid(long id) {
    return UUID.nameUUIDFromBytes(("medmaas-audit-event:" + id).getBytes(StandardCharsets.UTF_8));
  }
}
