package io.medmaas.registry.model.store;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One version of a model: its artifact, card and lifecycle stage. */
@Entity
@Table(name = "model_version")
public class ModelVersion {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "model_id")
  public Model model;

  @Column(nullable = false)
  public String version;

  @Enumerated(EnumType.STRING)
  @JdbcTypeCode(SqlTypes.VARCHAR)
  @Column(nullable = false)
  public Stage stage;

  @Column(nullable = false, length = 64)
  public String sha256;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  public String card;

  /** Inputs and outputs derived by ONNX Runtime at upload (null for seeded demo models). */
  @JdbcTypeCode(SqlTypes.JSON)
  public String signature;

  /** The platform's check of the card's metrics (see MetricVerifier); null: never checked. */
  @JdbcTypeCode(SqlTypes.JSON)
  public String verification;

  /** The labelled validation set attached at upload, if any. */
  @Basic(fetch = FetchType.LAZY)
  @Column(name = "validation_set")
  public byte[] validationSet;

  /** The key {@code validationSet} is sealed under ({@link ArtifactCipher}); null: plain. */
  @Column(name = "validation_key_id")
  public String validationKeyId;

  /** The nonce it was sealed with; null when plain. */
  @Column(name = "validation_nonce")
  public byte[] validationNonce;

  @Column(name = "validation_media_type")
  public String validationMediaType;

  /**
   * Keeps a validation set with this version, sealed at rest when {@code seal} (every upload
   * through the API: held-out cases are patient data); only the demo pack's stay plain. The version
   * must have its id.
   */
  public void keepValidationSet(
      byte[] content, String mediaType, ArtifactCipher cipher, boolean seal) {
    validationMediaType = content == null ? null : mediaType;
    validationKeyId = null;
    validationNonce = null;
    if (content == null || !seal) {
      validationSet = content;
      return;
    }
    ArtifactCipher.Sealed sealed = cipher.seal(content, validationPlace());
    validationSet = sealed.content();
    validationNonce = sealed.nonce();
    validationKeyId = sealed.keyId();
  }

  /** The validation set's plain bytes; null when there is none. */
  public byte[] validationSet(ArtifactCipher cipher) {
    return validationSet == null
        ? null
        : cipher.open(validationSet, validationNonce, validationKeyId, validationPlace());
  }

  private String validationPlace() {
    if (id == null) {
      throw new IllegalStateException("a version is stored before its validation set");
    }
    return "validation set of version " + id;
  }

  @Column(name = "created_at", nullable = false)
  public Instant createdAt = Instant.now();
}
