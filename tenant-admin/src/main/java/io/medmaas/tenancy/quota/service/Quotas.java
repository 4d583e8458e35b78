package io.medmaas.tenancy.quota.service;

import io.medmaas.common.access.Action;
import io.medmaas.common.caller.Caller;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.tenancy.audit.ChangeLog;
import io.medmaas.tenancy.quota.api.Limits;
import io.medmaas.tenancy.quota.api.PlanView;
import io.medmaas.tenancy.quota.api.QuotaRequest;
import io.medmaas.tenancy.quota.api.QuotaView;
import io.medmaas.tenancy.quota.store.QuotaOverride;
import io.medmaas.tenancy.quota.store.QuotaOverrideRepository;
import io.medmaas.tenancy.rows.TenantRows;
import io.medmaas.tenancy.tenant.service.TenantEvents;
import io.medmaas.tenancy.tenant.service.TenantScope;
import io.medmaas.tenancy.tenant.store.Plan;
import io.medmaas.tenancy.tenant.store.Tenant;
import io.medmaas.tenancy.tenant.store.TenantStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Tenants' plans and limits: read by the tenant's admins and the platform's, changed by the
 * platform's (a change record, and an event so every gateway enforces the new limits at once).
 */
@ApplicationScoped
public class Quotas {

  @Inject QuotaOverrideRepository overrides;
  @Inject TenantScope scope;
  @Inject TenantRows rows;
  @Inject ChangeLog changes;
  @Inject TenantEvents events;
  @Inject Caller caller;

  public static List<PlanView> plans() {
    return Arrays.stream(Plan.values()).map(p -> new PlanView(p.name(), p.limits())).toList();
  }

  @Transactional
  public QuotaView read(String tenantId) {
    Tenant tenant = scope.visible(tenantId);
    rows.scopeTo(tenantId);
    return view(
        tenant, overrides.findByIdOptional(tenantId).map(QuotaOverride::limits).orElse(null));
  }

  /** Every tenant's effective limits, for the gateway's directory (the platform's work). */
  @Transactional(Transactional.TxType.MANDATORY)
  public Map<String, Limits> effective(List<Tenant> tenants) {
    rows.scopeTo(TenantRows.PLATFORM_WORK);
    Map<String, Limits> set =
        overrides.listAll().stream()
            .collect(Collectors.toMap(o -> o.tenantId, QuotaOverride::limits));
    return tenants.stream()
        .collect(Collectors.toMap(t -> t.id, t -> t.plan.limits().overriddenBy(set.get(t.id))));
  }

  @Transactional
  public QuotaView change(String tenantId, QuotaRequest request) {
    scope.requirePlatform();
    if (request == null) {
      throw new ProblemException(ProblemType.INVALID_INPUT, "A JSON object is required");
    }
    Tenant tenant = scope.visibleForChange(tenantId);
    if (tenant.status == TenantStatus.deleted) {
      throw new ProblemException(ProblemType.CONFLICT, "The tenant was deleted; it cannot change");
    }
    rows.scopeTo(tenantId);
    QuotaOverride current = overrides.findByIdOptional(tenantId).orElse(null);
    QuotaView before = view(tenant, current == null ? null : current.limits());
    if (request.plan() != null) {
      try {
        tenant.plan = Plan.valueOf(request.plan().toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ProblemException(
            ProblemType.INVALID_INPUT, "plan must be one of: trial, standard, enterprise");
      }
    }
    if (request.overrides() != null) {
      Limits wanted = request.overrides().checked();
      if (current == null) {
        current = new QuotaOverride();
        current.tenantId = tenantId;
        current.set(wanted);
        overrides.persist(current);
      } else {
        current.set(wanted);
      }
    }
    QuotaView after = view(tenant, current == null ? null : current.limits());
    if (!after.equals(before)) {
      changes.record(caller, Action.QUOTA_UPDATE, tenantId, before, after);
      events.changed(tenantId);
    }
    return after;
  }

  private static QuotaView view(Tenant tenant, Limits set) {
    boolean none = set == null || set.none();
    return new QuotaView(
        tenant.id, tenant.plan.name(), none ? null : set, tenant.plan.limits().overriddenBy(set));
  }
}
