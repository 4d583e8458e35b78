package io.medmaas.tenancy.tenant.service;

import io.medmaas.common.naming.Names;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.tenancy.quota.api.Limits;
import io.medmaas.tenancy.quota.service.Quotas;
import io.medmaas.tenancy.tenant.api.DirectoryEntry;
import io.medmaas.tenancy.tenant.store.Tenant;
import io.medmaas.tenancy.tenant.store.TenantRepository;
import io.medmaas.tenancy.tenant.store.TenantStatus;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tenants the platform knows and the identity providers it trusts for them, as the gateway
 * reads them; and the demo seeding of a local run. Changes through the API are {@link
 * TenantAdministration}'s and {@link EntitlementAdministration}'s.
 */
@ApplicationScoped
public class TenantDirectory {

  @Inject TenantRepository tenants;
  @Inject TenantEvents events;
  @Inject Quotas quotas;

  /** Every tenant that is not deleted, as the gateway resolves token issuers against them. */
  @Transactional
  public List<DirectoryEntry> all() {
    List<Tenant> listed = tenants.list("status <> ?1", Sort.ascending("id"), TenantStatus.deleted);
    Map<String, Limits> limits = quotas.effective(listed);
    return listed.stream().map(t -> DirectoryEntry.from(t, limits.get(t.id))).toList();
  }

  /** Entitles a demo tenant to a platform model of the demo pack; whether it was not before. */
  @Transactional
  public boolean seedEntitlement(String tenantId, String model) {
    if (!Names.isModel(model)) {
      throw new ProblemException(ProblemType.INVALID_INPUT, "Not a model name");
    }
    boolean added = find(tenantId).entitlements.add(model);
    events.changed(tenantId);
    return added;
  }

  /** The platform models a tenant is entitled to. */
  @Transactional
  public Set<String> entitlements(String tenantId) {
    return Set.copyOf(find(tenantId).entitlements);
  }

  private Tenant find(String tenantId) {
    return tenants
        .findByIdOptional(tenantId)
        .orElseThrow(() -> ProblemException.notFound("Tenant"));
  }

  /** Registers a tenant unless one with the same id exists; returns whether it was created. */
  @Transactional
  public boolean registerIfAbsent(String id, String displayName, String issuer, String audience) {
    if (tenants.findByIdOptional(id).isPresent()) {
      return false;
    }
    Tenant tenant = new Tenant();
    tenant.id = id;
    tenant.displayName = displayName;
    tenant.issuer = issuer;
    tenant.audiences = new String[] {audience};
    tenant.status = TenantStatus.active;
    // the demo's hospitals are on the largest plan: the demo and its tests meet the quota stage
    // without being held to a small plan's rate
    tenant.plan = io.medmaas.tenancy.tenant.store.Plan.enterprise;
    tenants.persist(tenant);
    return true;
  }
}
