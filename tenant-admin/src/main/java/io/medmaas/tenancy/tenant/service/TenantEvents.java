package io.medmaas.tenancy.tenant.service;

import io.medmaas.common.naming.Names;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Tells the gateway and inference that a tenant changed (an entitlement granted or withdrawn; its
 * status), on PostgreSQL channel {@value #CHANNEL}, delivered when the change commits: they stop
 * serving what it no longer may within moments instead of at their next refresh.
 */
@ApplicationScoped
public class TenantEvents {

  public static final String CHANNEL = "medmaas_tenancy";

  @Inject EntityManager em;

  @Transactional(Transactional.TxType.MANDATORY)
  public void changed(String tenantId) {
    if (!Names.isTenant(tenantId)) {
      throw new IllegalArgumentException("not a tenant id");
    }
    em.createNativeQuery("SELECT pg_notify(?1, ?2)")
        .setParameter(1, CHANNEL)
        .setParameter(2, "{\"tenant\":\"" + tenantId + "\"}")
        .getSingleResult();
  }
}
