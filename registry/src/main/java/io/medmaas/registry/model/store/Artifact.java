package io.medmaas.registry.model.store;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An ONNX file, stored once per distinct content and addressed by the SHA-256 of its plain bytes; a
 * tenant's sealed at rest ({@link ArtifactCipher}).
 */
@Entity
@Table(name = "artifact")
public class Artifact {

  @Id
  @Column(name = "sha256", length = 64)
  public String sha256;

  @Column(name = "size_bytes", nullable = false)
  public long sizeBytes;

  @Basic(fetch = FetchType.LAZY)
  @Column(name = "content", nullable = false)
  public byte[] content;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt = Instant.now();

  /** The key {@code content} is sealed under ({@link ArtifactCipher}); null: stored plain. */
  @Column(name = "key_id")
  public String keyId;

  /** The nonce it was sealed with; null when plain. */
  public byte[] nonce;
}
