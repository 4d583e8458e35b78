package io.medmaas.tenancy.tenant.service;

import io.medmaas.common.access.Action;
import io.medmaas.common.caller.Caller;
import io.medmaas.common.naming.Names;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.tenancy.audit.ChangeLog;
import io.medmaas.tenancy.tenant.store.Tenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/**
 * Which platform models a tenant may use. A grant names a platform model the registry has (else
 * 404); every grant and withdrawal commits with its change record and is announced at once, so that
 * a withdrawn model stops serving everywhere within moments.
 */
@ApplicationScoped
public class EntitlementAdministration {

  @Inject TenantScope scope;
  @Inject PlatformModels models;
  @Inject ChangeLog changes;
  @Inject TenantEvents events;
  @Inject Caller caller;

  /** The tenant's entitlements, by model name. */
  @Transactional
  public List<String> list(String tenantId) {
    return scope.visible(tenantId).entitlements.stream().sorted().toList();
  }

  /** Entitles the tenant; granting one it has already changes nothing. */
  public void grant(String tenantId, String model, String internalToken, String requestId) {
    scope.requirePlatform();
    if (!Names.isModel(model)) {
      throw ProblemException.notFound("Model");
    }
    QuarkusTransaction.requiringNew().run(() -> scope.visible(tenantId));
    models.requireExists(model, internalToken, requestId);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Tenant tenant = scope.visibleForChange(tenantId);
              if (tenant.status == io.medmaas.tenancy.tenant.store.TenantStatus.deleted) {
                throw new ProblemException(
                    io.medmaas.common.problem.ProblemType.CONFLICT,
                    "The tenant was deleted; it cannot change");
              }
              if (tenant.entitlements.add(model)) {
                changes.record(
                    caller, Action.ENTITLEMENT_GRANT, tenantId, null, Map.of("model", model));
                events.changed(tenantId);
              }
            });
  }

  /** Withdraws an entitlement; 404 when the tenant does not have it. */
  @Transactional
  public void revoke(String tenantId, String model) {
    scope.requirePlatform();
    Tenant tenant = scope.visibleForChange(tenantId);
    if (!tenant.entitlements.remove(model)) {
      throw ProblemException.notFound("Entitlement");
    }
    changes.record(caller, Action.ENTITLEMENT_REVOKE, tenantId, Map.of("model", model), null);
    events.changed(tenantId);
  }
}
