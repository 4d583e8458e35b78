package io.medmaas.tenancy.rows;

import io.medmaas.common.naming.Names;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * States to PostgreSQL whose rows of the tenant-scoped tables (API keys) the current transaction
 * may touch, as a transaction-local setting that their row-level security policies read (migration
 * V6): one tenant, or {@value #PLATFORM_WORK} for the platform's own work (the gateway's key
 * look-ups). A transaction that states nothing touches no row.
 */
@ApplicationScoped
public class TenantRows {

  public static final String PLATFORM_WORK = "*";

  @Inject EntityManager em;

  @Transactional(Transactional.TxType.MANDATORY)
  public void scopeTo(String tenant) {
    if (!PLATFORM_WORK.equals(tenant) && !Names.isTenant(tenant)) {
      throw new IllegalArgumentException("not a tenant id");
    }
    em.createNativeQuery("SELECT set_config('medmaas.tenant', ?1, true)")
        .setParameter(1, tenant)
        .getSingleResult();
  }
}
