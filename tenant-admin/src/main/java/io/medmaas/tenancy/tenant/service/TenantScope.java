package io.medmaas.tenancy.tenant.service;

import io.medmaas.common.caller.Caller;
import io.medmaas.common.caller.InternalToken;
import io.medmaas.common.naming.Names;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.tenancy.tenant.store.Tenant;
import io.medmaas.tenancy.tenant.store.TenantRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Which tenants a caller may see: platform admins any, a hospital's admins their own only. Another
 * tenant's id is answered exactly as one that does not exist (404), so ids cannot be probed.
 */
@ApplicationScoped
public class TenantScope {

  @Inject Caller caller;
  @Inject TenantRepository tenants;

  /** Whether the caller acts for the platform. */
  public boolean platform() {
    return InternalToken.PLATFORM_TENANT.equals(caller.requireTenant());
  }

  /**
   * Refuses a caller that does not act for the platform. The role table already keeps platform
   * actions to platform admins, and only the platform's realm can grant that role; this holds even
   * if either ever failed.
   */
  public void requirePlatform() {
    if (!platform()) {
      throw new ProblemException(
          ProblemType.FORBIDDEN, "Only the platform's administrators manage tenants");
    }
  }

  /** Refuses, as not found, a tenant id the caller may not see. */
  public void requireVisible(String id) {
    if (!Names.isTenant(id) || !(platform() || id.equals(caller.requireTenant()))) {
      throw ProblemException.notFound("Tenant");
    }
  }

  /** The tenant, if the caller may see it; in the current transaction. */
  public Tenant visible(String id) {
    requireVisible(id);
    return tenants.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Tenant"));
  }

  /**
   * The tenant, if the caller may see it, locked for the rest of the transaction: two admins'
   * changes of one tenant (a suspension and a patch) are made one after the other, so neither
   * writes back a state the other changed.
   */
  public Tenant visibleForChange(String id) {
    requireVisible(id);
    return tenants
        .findByIdOptional(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
        .orElseThrow(() -> ProblemException.notFound("Tenant"));
  }
}
