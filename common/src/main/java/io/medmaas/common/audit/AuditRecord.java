package io.medmaas.common.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.medmaas.common.caller.RequestIds;
import io.medmaas.common.naming.Names;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * One record of the audit log, in its canonical form: what writers append and what auditors read.
 * The record's invariants live here and nowhere else. Building a record never fails because of a
 * value a caller controls: a model name, version, subject or token id that is not of the expected
 * shape is stored as {@link AuditText#INVALID}, so that one hostile request cannot fail the batch
 * it is committed with. Values only the platform itself produces (request id, action, status,
 * digest) are checked strictly: a bad one is a bug and is refused.
 *
 * <p>It never holds request content: {@code inputDigest} is a keyed HMAC of the request body, so
 * identical inputs can be matched without being stored.
 *
 * @param id assigned by the database when appended; null when writing
 * @param kind {@link #ACCESS} (one per request through the gateway) or {@link #CHANGE} (a change a
 *     service made, pointing at the request that caused it by {@code requestId})
 * @param tenant the tenant acted for; for a failed authentication, the tenant whose issuer the
 *     token named, when that is a known one; null otherwise
 * @param subject the verified token's {@code sub}
 * @param username the verified token's user name, for display
 * @param clientId the OAuth client the token was issued to ({@code azp})
 * @param tokenId the verified token's {@code jti}
 * @param clientAddress the address of the client's connection
 * @param outcome the HTTP status answered
 * @param problemType the problem type's slug when the answer was an error
 * @param before for change records: the state before the change
 * @param after for change records: the state after the change
 * @param instances for predictions, how many instances the answer held (what quotas count)
 * @param source the service and node that wrote the record ({@link AuditSource}); null in records
 *     written before sources were kept
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
    Long id,
    String kind,
    Instant occurredAt,
    String requestId,
    String tenant,
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
    String before,
    String after,
    Integer instances,
    String source) {

  /** The most instances one record may say a request held. */
  public static final int MAX_INSTANCES = 1_000_000;

  public static final String ACCESS = "access";
  public static final String CHANGE = "change";

  /** Longest identity value kept (subject, user name, client id, token id). */
  public static final int MAX_IDENTITY = 255;

  /** Longest before or after state of a change record. */
  public static final int MAX_STATE = 2000;

  private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9.-]{1,63}");

  /** A tenant-keyed digest ({@code hmac-sha256:<key id>:<hex>}), or one of before key ids. */
  private static final Pattern DIGEST = Pattern.compile("hmac-sha256:([0-9a-f]{8}:)?[0-9a-f]{64}");

  private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern PROBLEM = Pattern.compile("[a-z][a-z0-9-]{1,40}");

  /** What the database accepts as a record's source (V13). */
  public static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9-]{0,39}@[A-Za-z0-9.-]{1,63}");

  public AuditRecord {
    if (!ACCESS.equals(kind) && !CHANGE.equals(kind)) {
      throw new IllegalArgumentException("kind must be access or change");
    }
    occurredAt = (occurredAt == null ? Instant.now() : occurredAt).truncatedTo(ChronoUnit.MICROS);
    if (RequestIds.safe(requestId) == null) {
      throw new IllegalArgumentException("requestId must be a plain token");
    }
    if (tenant != null && !Names.isTenant(tenant)) {
      throw new IllegalArgumentException("tenant must be a tenant id");
    }
    subject = AuditText.bounded(subject, MAX_IDENTITY);
    username = AuditText.bounded(username, MAX_IDENTITY);
    clientId = AuditText.bounded(clientId, MAX_IDENTITY);
    tokenId = AuditText.bounded(tokenId, MAX_IDENTITY);
    clientAddress =
        clientAddress != null && ADDRESS.matcher(clientAddress).matches() ? clientAddress : null;
    if (action == null || !ACTION.matcher(action).matches()) {
      throw new IllegalArgumentException("action must be a dotted lower-case name");
    }
    model = model == null || Names.isModel(model) ? model : AuditText.INVALID;
    modelVersion =
        modelVersion == null || Names.isVersion(modelVersion) ? modelVersion : AuditText.INVALID;
    if (outcome < 100 || outcome > 599) {
      throw new IllegalArgumentException("outcome must be an HTTP status");
    }
    problemType =
        problemType == null || PROBLEM.matcher(problemType).matches()
            ? problemType
            : AuditText.INVALID;
    latencyMs = Math.max(0, latencyMs);
    if (inputDigest != null && !DIGEST.matcher(inputDigest).matches()) {
      throw new IllegalArgumentException(
          "inputDigest must be hmac-sha256:<key id>:<64 hex digits>");
    }
    before = AuditText.bounded(before, MAX_STATE);
    after = AuditText.bounded(after, MAX_STATE);
    if (instances != null && (instances < 0 || instances > MAX_INSTANCES)) {
      instances = null; // a count no service would send: not one to bill by
    }
    if (source != null && !SOURCE.matcher(source).matches()) {
      throw new IllegalArgumentException("source must be service@node");
    }
  }

  /** A new access record for a request; fill in what is known with the builder's methods. */
  public static Builder access(String requestId, String action) {
    return new Builder(ACCESS, requestId, action);
  }

  /** A new change record pointing at the request that made the change. */
  public static Builder change(String requestId, String action) {
    return new Builder(CHANGE, requestId, action);
  }

  /** Collects a record's values; {@link #build()} canonicalises them. */
  public static final class Builder {
    private final String kind;
    private final String requestId;
    private final String action;
    private Instant occurredAt;
    private String tenant;
    private String subject;
    private String username;
    private String clientId;
    private String tokenId;
    private String clientAddress;
    private String model;
    private String modelVersion;
    private int outcome = 200;
    private String problemType;
    private int latencyMs;
    private String inputDigest;
    private String before;
    private String after;
    private Integer instances;
    private String source;

    private Builder(String kind, String requestId, String action) {
      this.kind = kind;
      this.requestId = requestId;
      this.action = action;
    }

    public Builder at(Instant value) {
      occurredAt = value;
      return this;
    }

    public Builder tenant(String value) {
      tenant = value;
      return this;
    }

    /** The verified token's subject, user name, client and token id. */
    public Builder who(String sub, String user, String client, String jti) {
      subject = sub;
      username = user;
      clientId = client;
      tokenId = jti;
      return this;
    }

    public Builder clientAddress(String value) {
      clientAddress = value;
      return this;
    }

    public Builder model(String name, String version) {
      model = name;
      modelVersion = version;
      return this;
    }

    public Builder outcome(int status, String problem) {
      outcome = status;
      problemType = problem;
      return this;
    }

    public Builder latencyMs(long value) {
      latencyMs = (int) Math.min(value, Integer.MAX_VALUE);
      return this;
    }

    public Builder inputDigest(String value) {
      inputDigest = value;
      return this;
    }

    /** How many instances a prediction's answer held. */
    public Builder instances(Integer count) {
      instances = count;
      return this;
    }

    public Builder states(String beforeState, String afterState) {
      before = beforeState;
      after = afterState;
      return this;
    }

    /** The service and node writing the record ({@link AuditSource#local()}). */
    public Builder source(String value) {
      source = value;
      return this;
    }

    public AuditRecord build() {
      return new AuditRecord(
          null,
          kind,
          occurredAt,
          requestId,
          tenant,
          subject,
          username,
          clientId,
          tokenId,
          clientAddress,
          action,
          model,
          modelVersion,
          outcome,
          problemType,
          latencyMs,
          inputDigest,
          before,
          after,
          instances,
          source);
    }
  }
}
