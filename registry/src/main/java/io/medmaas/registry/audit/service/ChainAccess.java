package io.medmaas.registry.audit.service;

import io.medmaas.common.caller.Caller;
import io.medmaas.common.caller.InternalToken;
import io.medmaas.common.naming.Names;
import io.medmaas.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Which hash chain a caller may work on: a tenant's callers their tenant's own; the platform's
 * callers any tenant's, or the chain of the records of no tenant ({@code ""}). Another tenant's
 * chain is not found. The transaction's row scope is then the chain's, so row-level security holds
 * every read to it as well.
 */
@ApplicationScoped
public class ChainAccess {

  @Inject Caller caller;
  @Inject EntityManager em;

  public String chainFor(String tenant, boolean tenantless) {
    String own = caller.requireTenant();
    boolean platform = InternalToken.PLATFORM_TENANT.equals(own);
    if (tenantless) {
      if (!platform || tenant != null) {
        throw ProblemException.notFound("Audit chain");
      }
      return "";
    }
    if (tenant == null) {
      return own;
    }
    if (!Names.isTenant(tenant) || !(platform || own.equals(tenant))) {
      throw ProblemException.notFound("Audit chain");
    }
    return tenant;
  }

  /** States the current transaction's row scope as the chain's (the platform's for {@code ""}). */
  public void scopeTo(String chain) {
    em.createNativeQuery("SELECT set_config('medmaas.tenant', ?1, true)")
        .setParameter(1, chain.isEmpty() ? InternalToken.PLATFORM_TENANT : chain)
        .getSingleResult();
  }

  /** The platform's own work (signing every chain's head): every chain's rows. */
  public void scopeToAll() {
    em.createNativeQuery("SELECT set_config('medmaas.tenant', '*', true)").getSingleResult();
  }
}
