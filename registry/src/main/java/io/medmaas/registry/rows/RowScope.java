package io.medmaas.registry.rows;

import io.medmaas.common.caller.Caller;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import java.util.TreeSet;

/**
 * Whose rows the current transaction may touch, told to PostgreSQL as transaction-local settings
 * that the row-level security policies of migration V3 read (ADR 0007):
 *
 * <ul>
 *   <li>a request with a tenant: that tenant, and the platform models it is entitled to;
 *   <li>the gateway's own service calls (no tenant, role {@value #GATEWAY_ROLE}): the platform's
 *       work, {@value #PLATFORM_WORK};
 *   <li>work outside any HTTP request (startup seeding): the platform's work;
 *   <li>any other request: nothing at all.
 * </ul>
 */
@ApplicationScoped
public class RowScope {

  static final String PLATFORM_WORK = "*";
  static final String GATEWAY_ROLE = "medmaas-gateway";

  @Inject EntityManager em;
  @Inject TransactionManager transactions;

  /** Whose rows: a tenant id ({@value #PLATFORM_WORK}, or empty for none) and its entitlements. */
  record Scope(String tenant, String entitled) {}

  /** States the scope on the current transaction; outside a transaction there is nothing to do. */
  public void apply() {
    if (!inTransaction()) {
      return;
    }
    Scope scope = current();
    em.createNativeQuery(
            "SELECT set_config('medmaas.tenant', ?1, true), set_config('medmaas.entitled', ?2, true)")
        .setParameter(1, scope.tenant())
        .setParameter(2, scope.entitled())
        .getSingleResult();
  }

  private static Scope current() {
    if (!inHttpRequest()) {
      return new Scope(PLATFORM_WORK, "");
    }
    Caller caller = Arc.container().instance(Caller.class).get();
    return caller
        .tenant()
        .map(tenant -> new Scope(tenant, String.join(",", new TreeSet<>(caller.entitledModels()))))
        .orElseGet(() -> new Scope(caller.hasRole(GATEWAY_ROLE) ? PLATFORM_WORK : "", ""));
  }

  private static boolean inHttpRequest() {
    if (!Arc.container().requestContext().isActive()) {
      return false;
    }
    CurrentVertxRequest request = Arc.container().instance(CurrentVertxRequest.class).get();
    return request != null && request.getCurrent() != null;
  }

  private boolean inTransaction() {
    try {
      return transactions.getStatus() == Status.STATUS_ACTIVE;
    } catch (SystemException e) {
      return false;
    }
  }
}
