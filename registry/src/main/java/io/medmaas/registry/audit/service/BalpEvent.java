package io.medmaas.registry.audit.service;

import com.fasterxml.jackson.core.JsonGenerator;
import io.medmaas.common.audit.AuditRecord;
import io.medmaas.registry.audit.store.AuditEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * One audit record as a FHIR R4 {@code AuditEvent}, following IHE Basic Audit Log Patterns (BALP)
 * for a RESTful activity: type {@code rest}; subtype the FHIR RESTful interaction the action is
 * (and the action's own name); action C, R, U, D or E; recorded (the database's clock) and period
 * (when the request came and how long it took); outcome from the HTTP status; agents for the user
 * (who, requestor, the token's {@code jti} or the API key's id in {@code policy}), the client
 * application (its network address) and the platform; source (the service and node that wrote it);
 * entities for the request (its X-Request-Id, the input's keyed digest, the chain link), the
 * tenant, the model and version, and a change's states. The record holds no patient value, so
 * neither does the event (ADR 0014).
 *
 * <p>It does not claim a BALP profile in {@code meta.profile}: the validation this build runs is
 * against FHIR R4 itself, and the BALP elements are checked by the tests one by one.
 */
final class BalpEvent {

  static final String AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
  static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
  static final String ACTIONS = "urn:medmaas:audit-action";
  static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
  static final String ROLE_CLASS = "http://terminology.hl7.org/CodeSystem/v3-RoleClass";
  static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
  static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
  static final String BALP_ENTITY_TYPE =
      "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType";

  /** A RESTful interaction and the AuditEvent action it is. */
  record Interaction(String code, String action) {}

  private static final Interaction OPERATION = new Interaction("operation", "E");

  /** Actions whose interaction their last word does not tell. */
  private static final Map<String, Interaction> BY_ACTION =
      Map.of(
          "audit.read", new Interaction("search-type", "E"),
          "audit.verify", OPERATION,
          "audit.purge", new Interaction("delete", "D"),
          "tenant.entitlement.revoke", new Interaction("delete", "D"),
          "model.predict", OPERATION);

  private static final Map<String, Interaction> BY_LAST_WORD =
      Map.ofEntries(
          Map.entry("create", new Interaction("create", "C")),
          Map.entry("upload", new Interaction("create", "C")),
          Map.entry("grant", new Interaction("create", "C")),
          Map.entry("update", new Interaction("update", "U")),
          Map.entry("stage", new Interaction("update", "U")),
          Map.entry("promote", new Interaction("update", "U")),
          Map.entry("rollback", new Interaction("update", "U")),
          Map.entry("suspend", new Interaction("update", "U")),
          Map.entry("reactivate", new Interaction("update", "U")),
          Map.entry("limit", new Interaction("update", "U")),
          Map.entry("rotate", new Interaction("update", "U")),
          Map.entry("revoke", new Interaction("update", "U")),
          Map.entry("verify", new Interaction("update", "U")),
          Map.entry("delete", new Interaction("delete", "D")),
          Map.entry("list", new Interaction("search-type", "E")),
          Map.entry("directory", new Interaction("search-type", "E")),
          Map.entry("read", new Interaction("read", "R")),
          Map.entry("metadata", new Interaction("read", "R")),
          Map.entry("ready", new Interaction("read", "R")),
          Map.entry("download", new Interaction("read", "R")),
          Map.entry("outputs", new Interaction("read", "R")));

  private BalpEvent() {}

  static Interaction interaction(String action) {
    Interaction known = BY_ACTION.get(action);
    if (known != null) {
      return known;
    }
    String last = action.substring(action.lastIndexOf('.') + 1);
    return BY_LAST_WORD.getOrDefault(last, OPERATION);
  }

  /** BALP's outcome: 0 success, 4 a minor failure (the caller's), 8 a serious one (ours). */
  static String outcome(int status) {
    return status < 400 ? "0" : status < 500 ? "4" : "8";
  }

  /** Writes the event for {@code e} as the current JSON value of {@code json}. */
  static void write(JsonGenerator json, AuditEvent e) throws IOException {
    Interaction interaction = interaction(e.action);
    json.writeStartObject();
    json.writeStringField("resourceType", "AuditEvent");
    json.writeStringField("id", Long.toString(e.id));
    json.writeFieldName("type");
    coding(json, AUDIT_EVENT_TYPE, "rest", "Restful Operation");
    json.writeArrayFieldStart("subtype");
    coding(json, RESTFUL_INTERACTION, interaction.code(), null);
    coding(json, ACTIONS, e.action, null);
    json.writeEndArray();
    json.writeStringField("action", interaction.action());
    json.writeObjectFieldStart("period");
    json.writeStringField("start", instant(e.occurredAt));
    json.writeStringField("end", instant(e.occurredAt.plusMillis(Math.max(0, e.latencyMs))));
    json.writeEndObject();
    json.writeStringField("recorded", instant(e.recordedAt));
    json.writeStringField("outcome", outcome(e.outcome));
    json.writeStringField(
        "outcomeDesc",
        "HTTP " + e.outcome + (e.problemType == null ? "" : " (" + text(e.problemType) + ")"));
    json.writeArrayFieldStart("agent");
    user(json, e);
    if (e.clientId != null || e.clientAddress != null) {
      client(json, e);
    }
    server(json, e);
    json.writeEndArray();
    source(json, e);
    json.writeArrayFieldStart("entity");
    transaction(json, e);
    if (e.tenantId != null) {
      entity(json, "urn:medmaas:tenant", e.tenantId, "3", "Organization", null);
      json.writeEndObject();
    }
    if (e.model != null) {
      entity(json, "urn:medmaas:model", e.model, "2", "System Object", e.model);
      if (e.modelVersion != null) {
        json.writeArrayFieldStart("detail");
        detail(json, "version", e.modelVersion);
        json.writeEndArray();
      }
      json.writeEndObject();
    }
    if (e.beforeState != null || e.afterState != null) {
      json.writeStartObject();
      json.writeFieldName("type");
      coding(json, ENTITY_TYPE, "2", "System Object");
      json.writeStringField("description", "The state the change left (no patient data)");
      json.writeArrayFieldStart("detail");
      detail(json, "before-state", e.beforeState);
      detail(json, "after-state", e.afterState);
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /** The user, or the system, the request was made by: BALP's requestor. */
  private static void user(JsonGenerator json, AuditEvent e) throws IOException {
    agent(json, ROLE_CLASS, "AGNT", "agent");
    json.writeObjectFieldStart("who");
    if (e.subject != null) {
      identifier(json, e.tenantId == null ? null : "urn:medmaas:tenant:" + e.tenantId, e.subject);
    }
    json.writeStringField(
        "display",
        e.username != null ? text(e.username) : e.subject != null ? text(e.subject) : "unknown");
    json.writeEndObject();
    json.writeBooleanField("requestor", true);
    if (e.tokenId != null) {
      json.writeArrayFieldStart("policy");
      json.writeString(uri(e.tokenId));
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  /** The client application (the token's {@code azp}, or the API key) and where it called from. */
  private static void client(JsonGenerator json, AuditEvent e) throws IOException {
    agent(json, DICOM, "110153", "Source Role ID");
    json.writeObjectFieldStart("who");
    if (e.clientId != null) {
      identifier(json, "urn:medmaas:client", e.clientId);
    }
    json.writeStringField("display", e.clientId != null ? text(e.clientId) : "client");
    json.writeEndObject();
    json.writeBooleanField("requestor", false);
    if (e.clientAddress != null) {
      json.writeObjectFieldStart("network");
      json.writeStringField("address", e.clientAddress);
      json.writeStringField("type", "2"); // an IP address
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  /** The platform, which served (or refused) the request. */
  private static void server(JsonGenerator json, AuditEvent e) throws IOException {
    agent(json, DICOM, "110152", "Destination Role ID");
    json.writeObjectFieldStart("who");
    json.writeStringField("display", "medmaas " + service(e));
    json.writeEndObject();
    json.writeBooleanField("requestor", false);
    json.writeEndObject();
  }

  /** Starts an agent (left open for the rest) of the type {@code code} in {@code system}. */
  private static void agent(JsonGenerator json, String system, String code, String display)
      throws IOException {
    json.writeStartObject();
    json.writeObjectFieldStart("type");
    json.writeArrayFieldStart("coding");
    coding(json, system, code, display);
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void source(JsonGenerator json, AuditEvent e) throws IOException {
    json.writeObjectFieldStart("source");
    json.writeStringField("site", "medmaas");
    json.writeObjectFieldStart("observer");
    if (e.source != null) {
      identifier(json, "urn:medmaas:audit-source", e.source);
    }
    json.writeStringField(
        "display", e.source != null ? "medmaas " + e.source : "medmaas " + service(e));
    json.writeEndObject();
    json.writeArrayFieldStart("type");
    coding(json, SOURCE_TYPE, "4", "Application Server");
    json.writeEndArray();
    json.writeEndObject();
  }

  /** The service that wrote a record: its source, or for older records what its kind tells. */
  private static String service(AuditEvent e) {
    if (e.source != null) {
      return e.source.substring(0, e.source.indexOf('@'));
    }
    return AuditRecord.ACCESS.equals(e.kind) ? "gateway" : "service";
  }

  /** BALP's transaction entity: the request's id, with what the platform kept of it. */
  private static void transaction(JsonGenerator json, AuditEvent e) throws IOException {
    json.writeStartObject();
    json.writeObjectFieldStart("what");
    identifier(json, null, e.requestId);
    json.writeEndObject();
    json.writeFieldName("type");
    coding(json, BALP_ENTITY_TYPE, "XrequestId", null);
    json.writeArrayFieldStart("detail");
    detail(json, "record-kind", e.kind);
    detail(json, "latency-ms", Integer.toString(e.latencyMs));
    detail(json, "input-digest", e.inputDigest);
    detail(json, "instances", e.instances == null ? null : e.instances.toString());
    detail(json, "chain-seq", e.chainSeq == null ? null : e.chainSeq.toString());
    detail(json, "chain-hash", e.hash);
    json.writeEndArray();
    json.writeEndObject();
  }

  /** Starts an entity (left open for its details) naming {@code value} in {@code system}. */
  private static void entity(
      JsonGenerator json, String system, String value, String type, String display, String name)
      throws IOException {
    json.writeStartObject();
    json.writeObjectFieldStart("what");
    identifier(json, system, value);
    json.writeEndObject();
    json.writeFieldName("type");
    coding(json, ENTITY_TYPE, type, display);
    if (name != null) {
      json.writeStringField("name", text(name));
    }
  }

  private static void identifier(JsonGenerator json, String system, String value)
      throws IOException {
    json.writeObjectFieldStart("identifier");
    if (system != null) {
      json.writeStringField("system", uri(system));
    }
    json.writeStringField("value", text(value));
    json.writeEndObject();
  }

  private static void detail(JsonGenerator json, String type, String value) throws IOException {
    if (value == null || value.isEmpty()) {
      return;
    }
    json.writeStartObject();
    json.writeStringField("type", type);
    json.writeStringField("valueString", text(value));
    json.writeEndObject();
  }

  private static void coding(JsonGenerator json, String system, String code, String display)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("system", system);
    json.writeStringField("code", code);
    if (display != null) {
      json.writeStringField("display", display);
    }
    json.writeEndObject();
  }

  /** An instant as FHIR writes one: UTC, to the microsecond the log keeps. */
  static String instant(Instant at) {
    return at.truncatedTo(ChronoUnit.MICROS).toString();
  }

  /**
   * A value as a FHIR string may hold it: control characters (which a string may not contain)
   * become U+FFFD, and a blank value a visible marker; nothing else of the value is changed.
   */
  static String text(String value) {
    StringBuilder out = new StringBuilder(value.length());
    value
        .codePoints()
        .forEach(
            c -> {
              if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
                out.append('\uFFFD');
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString().isBlank() ? "(blank)" : out.toString();
  }

  /** A value as a FHIR uri: whitespace, control characters and {@code %} percent-encoded. */
  static String uri(String value) {
    StringBuilder out = new StringBuilder(value.length());
    value
        .codePoints()
        .forEach(
            c -> {
              if (c <= 0x20 || c == 0x7f || c == '%' || Character.isWhitespace(c)) {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                  out.append('%').append(String.format("%02X", b & 0xff));
                }
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.isEmpty() ? "urn:medmaas:blank" : out.toString();
  }
}
