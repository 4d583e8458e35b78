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

  /** One API key of the tenant changed: the gateways drop that key only. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void keyChanged(String tenantId, String keyId) {
    if (!Names.isTenant(tenantId) || keyId == null || !keyId.matches("[0-9A-Za-z]{12}")) {
      throw new IllegalArgumentException("not a tenant id and key id");
    }
    notify("{\"tenant\":\"" + tenantId + "\",\"apiKey\":\"" + keyId + "\"}");
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public void changed(String tenantId) {
    if (!Names.isTenant(tenantId)) {
      throw new IllegalArgumentException("not a tenant id");
    }
    notify("{\"tenant\":\"" + tenantId + "\"}");
  }

  private void notify(String payload) {
    em.createNativeQuery("SELECT pg_notify(?1, ?2)")
        .setParameter(1, CHANNEL)
        .setParameter(2, payload)
        .getSingleResult();
  }
}
