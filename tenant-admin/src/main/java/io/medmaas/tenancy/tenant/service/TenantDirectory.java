package io.medmaas.tenancy.tenant.service;

import io.medmaas.tenancy.tenant.api.TenantView;
import io.medmaas.tenancy.tenant.store.Tenant;
import io.medmaas.tenancy.tenant.store.TenantRepository;
import io.medmaas.tenancy.tenant.store.TenantStatus;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/** The tenants the platform knows and the identity providers it trusts for them. */
@ApplicationScoped
public class TenantDirectory {

  @Inject TenantRepository tenants;

  @Transactional
  public List<TenantView> all() {
    return tenants.listAll(Sort.ascending("id")).stream().map(TenantView::from).toList();
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
