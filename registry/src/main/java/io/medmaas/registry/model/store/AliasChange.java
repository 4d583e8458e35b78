package io.medmaas.registry.model.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** One move of a model's alias from one version to another. */
@Entity
@Table(name = "alias_change")
public class AliasChange {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "model_id")
  public Model model;

  @Column(nullable = false)
  public String alias;

  @Column(name = "from_version")
  public String fromVersion;

  @Column(name = "to_version")
  public String toVersion;

  @Column(name = "changed_at", nullable = false)
  public Instant changedAt = Instant.now();

  @Column(name = "changed_by", nullable = false)
  public String changedBy;
}
