package io.medmaas.gateway.audit;

import jakarta.enterprise.context.RequestScoped;

/** What the gateway learns about one request while handling it, for its audit record. */
@RequestScoped
public class AuditContext {

  private String requestId;
  private long startNanos;
  private String inputDigest;
  private String modelVersion;

  void begin(String requestId, long startNanos) {
    this.requestId = requestId;
    this.startNanos = startNanos;
  }

  public String requestId() {
    return requestId;
  }

  long startNanos() {
    return startNanos;
  }

  public void inputDigest(String digest) {
    this.inputDigest = digest;
  }

  String inputDigest() {
    return inputDigest;
  }

  public void modelVersion(String version) {
    this.modelVersion = version;
  }

  String modelVersion() {
    return modelVersion;
  }
}
