package io.medmaas.registry.model.store;

import io.medmaas.common.caller.InternalToken;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;

/** A named model of the platform catalog or of one tenant. */
@Entity
@Table(name = "model")
public class Model {

  /** Owner value of models in the platform catalog: the platform realm's tenant id. */
  public static final String PLATFORM = InternalToken.PLATFORM_TENANT;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public String owner;

  /** The version the production alias points at, if any. */
  @Column(name = "production_version")
  public String productionVersion;

  /** The version the staging alias points at, if any. */
  @Column(name = "staging_version")
  public String stagingVersion;

  /** The highest version number ever issued: numbers are never reused, even after a delete. */
  @Column(name = "last_version", nullable = false)
  public int lastVersion;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt = Instant.now();

  /**
   * Whether a tenant may see this model: its own models, and the platform models it is entitled to
   * (the platform tenant sees the whole platform catalog).
   */
  public boolean visibleTo(String tenant, Set<String> entitled) {
    if (owner.equals(tenant)) {
      return true;
    }
    return PLATFORM.equals(owner) && (PLATFORM.equals(tenant) || entitled.contains(name));
  }
}
