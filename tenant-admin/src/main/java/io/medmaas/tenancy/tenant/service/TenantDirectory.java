package io.medmaas.tenancy.tenant.service;

import io.medmaas.common.naming.Names;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.tenancy.tenant.api.TenantView;
import io.medmaas.tenancy.tenant.store.Tenant;
import io.medmaas.tenancy.tenant.store.TenantRepository;
import io.medmaas.tenancy.tenant.store.TenantStatus;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Set;

/** The tenants the platform knows and the identity providers it trusts for them. */
@ApplicationScoped
public class TenantDirectory {

  @Inject TenantRepository tenants;
  @Inject TenantEvents events;

  @Transactional
  public List<TenantView> all() {
    return tenants.listAll(Sort.ascending("id")).stream().map(TenantView::from).toList();
  }

  /** Entitles a tenant to a platform model; returns whether it was not entitled before. */
  @Transactional
  public boolean grant(String tenantId, String model) {
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

  /** Withdraws an entitlement; returns whether the tenant had it. */
  @Transactional
  public boolean revoke(String tenantId, String model) {
    boolean removed = find(tenantId).entitlements.remove(model);
    events.changed(tenantId);
    return removed;
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
    tenant.audience = audience;
    tenant.status = TenantStatus.active;
    tenants.persist(tenant);
    return true;
  }
}
