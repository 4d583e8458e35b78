package io.medmaas.auditproof;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The audit log's hash chains (ADR 0014): one per tenant and one for the records of no tenant
 * (chain {@code ""}). Each record's hash is SHA-256 over its canonical form, version 1: the line
 * {@code medmaas-audit-v1}, then one line per field in a fixed order, {@code name=~} for none or
 * {@code name=<UTF-8 byte length>:<value>}, numbers in decimal, instants in UTC as {@code
 * yyyy-MM-ddTHH:mm:ss.uuuuuuZ}. Version 2, for records that name the service and node that wrote
 * them, starts {@code medmaas-audit-v2} and ends with a {@code source} line. The form covers the
 * hash of the record before it, so a change, a removal or an insertion breaks every later link.
 * PostgreSQL makes the links as records are appended ({@code registry.audit_canonical}); this is
 * the same form in Java, for the verifiers.
 */
public final class AuditChain {

  /** The link before the first record of a chain. */
  public static final String GENESIS = "0".repeat(64);

  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private AuditChain() {}

  /** A record as the chain holds it: its link and every field its hash covers. */
  public record Link(
      String chain,
      long seq,
      String prevHash,
      String hash,
      long id,
      String kind,
      Instant occurredAt,
      Instant recordedAt,
      String requestId,
      String tenantId,
      String subject,
      String username,
      String clientId,
      String tokenId,
      String clientAddress,
      String action,
      String model,
      String modelVersion,
      int outcome,
      String problemType,
      int latencyMs,
      String inputDigest,
      Integer instances,
      String beforeState,
      String afterState,
      // absent from a record of form v1, so its export line reads as it did before sources
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
          String source) {}

  /**
   * The record's canonical form: version 1 for a record without a source, else version 2 (version
   * 1's header changed and its fields, then the source).
   */
  public static String canonical(Link r) {
    StringBuilder form =
        new StringBuilder(512)
            .append(r.source() == null ? "medmaas-audit-v1\n" : "medmaas-audit-v2\n");
    field(form, "chain", r.chain());
    field(form, "seq", Long.toString(r.seq()));
    field(form, "prev", r.prevHash());
    field(form, "id", Long.toString(r.id()));
    field(form, "kind", r.kind());
    field(form, "occurred_at", instant(r.occurredAt()));
    field(form, "recorded_at", instant(r.recordedAt()));
    field(form, "request_id", r.requestId());
    field(form, "tenant_id", r.tenantId());
    field(form, "subject", r.subject());
    field(form, "username", r.username());
    field(form, "client_id", r.clientId());
    field(form, "token_id", r.tokenId());
    field(form, "client_address", r.clientAddress());
    field(form, "action", r.action());
    field(form, "model", r.model());
    field(form, "model_version", r.modelVersion());
    field(form, "outcome", Integer.toString(r.outcome()));
    field(form, "problem_type", r.problemType());
    field(form, "latency_ms", Integer.toString(r.latencyMs()));
    field(form, "input_digest", r.inputDigest());
    field(form, "instances", r.instances() == null ? null : r.instances().toString());
    field(form, "before_state", r.beforeState());
    field(form, "after_state", r.afterState());
    if (r.source() != null) {
      field(form, "source", r.source());
    }
    return form.toString();
  }

  /** The hash the record should have: hex SHA-256 of its canonical form. */
  public static String hash(Link r) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonical(r).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An instant as the canonical form writes it. */
  public static String instant(Instant at) {
    return at == null ? null : INSTANT.format(at);
  }

  private static void field(StringBuilder form, String name, String value) {
    form.append(name).append('=');
    if (value == null) {
      form.append('~');
    } else {
      form.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
    }
    form.append('\n');
  }
}
