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

  /** Keycloak's: realm roles under {@code realm_access.roles}. */
  public static final String DEFAULT_ROLES_CLAIM = "realm_access.roles";

  @Id public String id;

  @Column(name = "display_name", nullable = false)
  public String displayName;

  @Column(nullable = false, unique = true)
  public String issuer;

  /** Whom the tenant's tokens must be for: any one of these audiences. */
  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(nullable = false, columnDefinition = "text[]")
  public String[] audiences;

  /** Where in a token the tenant's identity provider puts its role names (a dotted path). */
  @Column(name = "roles_claim", nullable = false)
  public String rolesClaim = DEFAULT_ROLES_CLAIM;

  /** Whom the platform's operators contact about this tenant. */
  public String contact;

  @Enumerated(EnumType.STRING)
  @JdbcTypeCode(SqlTypes.VARCHAR)
  @Column(nullable = false)
  public Plan plan = Plan.standard;

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

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt = Instant.now();

  @Column(name = "deleted_at")
  public Instant deletedAt;

  /** The platform models this tenant may see and use. */
  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "entitlement", joinColumns = @JoinColumn(name = "tenant_id"))
  @Column(name = "model", nullable = false)
  public Set<String> entitlements = new HashSet<>();
}
