package io.medmaas.tenancy.tenant.store;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A hospital subscribed to the platform, with the OIDC issuer its tokens come from. */
@Entity
@Table(name = "tenant")
public class Tenant {

  @Id public String id;

  @Column(name = "display_name", nullable = false)
  public String displayName;

  @Column(nullable = false, unique = true)
  public String issuer;

  @Column(nullable = false)
  public String audience;

  @Enumerated(EnumType.STRING)
  @JdbcTypeCode(SqlTypes.VARCHAR)
  @Column(nullable = false)
  public TenantStatus status = TenantStatus.active;

  /** IdP role name to medmaas role name; null when the IdP uses medmaas's names. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "role_mapping")
  public java.util.Map<String, String> roleMapping;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt = Instant.now();

  /** The platform models this tenant may see and use. */
  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "entitlement", joinColumns = @JoinColumn(name = "tenant_id"))
  @Column(name = "model", nullable = false)
  public Set<String> entitlements = new HashSet<>();
}
