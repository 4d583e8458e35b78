package io.medmaas.tenancy.tenant.service;

import io.medmaas.common.access.Action;
import io.medmaas.common.caller.Caller;
import io.medmaas.common.http.Pages;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.tenancy.audit.ChangeLog;
import io.medmaas.tenancy.tenant.api.TenantPage;
import io.medmaas.tenancy.tenant.api.TenantRequest;
import io.medmaas.tenancy.tenant.api.TenantView;
import io.medmaas.tenancy.tenant.store.Tenant;
import io.medmaas.tenancy.tenant.store.TenantRepository;
import io.medmaas.tenancy.tenant.store.TenantStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Onboarding and running hospitals: create, read, change, suspend, reactivate and delete tenants.
 * Every change commits with its change record (before and after) and tells the gateway and
 * inference at once ({@link TenantEvents}), so a new tenant's tokens are accepted, and a suspended
 * one's refused, within moments. A new or changed issuer is checked at its identity provider
 * ({@link IssuerCheck}) before anything is written, outside any transaction.
 */
@ApplicationScoped
public class TenantAdministration {

  @Inject TenantRepository tenants;
  @Inject TenantEvents events;
  @Inject ChangeLog changes;
  @Inject IssuerCheck issuers;
  @Inject TenantScope scope;
  @Inject Caller caller;

  /** Whether a new or changed issuer's discovery document and key set are fetched and checked. */
  @ConfigProperty(name = "medmaas.tenants.check-issuer", defaultValue = "true")
  boolean checkIssuer;

  @Transactional
  public TenantPage list(int page, int size) {
    Pages.check(page, size);
    var query = tenants.findAll(Sort.ascending("id"));
    List<TenantView> items =
        query.page(Page.of(page, size)).list().stream().map(TenantView::from).toList();
    return new TenantPage(items, page, size, query.count());
  }

  @Transactional
  public TenantView read(String id) {
    return TenantView.from(scope.visible(id));
  }

  public TenantView create(TenantRequest request) {
    String id = TenantFields.id(request.id());
    Tenant tenant = new Tenant();
    tenant.id = id;
    tenant.displayName = TenantFields.displayName(request.displayName());
    tenant.contact = TenantFields.text("contact", request.contact());
    tenant.issuer = issuers.requireWellFormed(request.issuer()).toString();
    tenant.audiences = TenantFields.audiences(request.audiences());
    tenant.rolesClaim =
        request.rolesClaim() == null
            ? Tenant.DEFAULT_ROLES_CLAIM
            : TenantFields.rolesClaim(request.rolesClaim());
    tenant.roleMapping = TenantFields.roleMapping(request.roleMapping());
    tenant.plan = TenantFields.plan(request.plan());
    if (checkIssuer) {
      issuers.requireReachable(tenant.issuer);
    }
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              tenants
                  .findByIdOptional(id)
                  .ifPresent(
                      existing -> {
                        throw new ProblemException(
                            ProblemType.CONFLICT,
                            existing.status == TenantStatus.deleted
                                ? "A tenant with this id was deleted; its id stays reserved for"
                                    + " the audit retention period. Choose another id"
                                : "A tenant with this id exists");
                      });
              requireIssuerFree(tenant.issuer, id);
              tenants.persist(tenant);
              TenantView after = TenantView.from(tenant);
              changes.record(caller, Action.TENANT_CREATE, id, null, after);
              events.changed(id);
              return after;
            });
  }

  /** Changes the fields the request sends; an issuer that changes is checked again. */
  public TenantView update(String id, TenantRequest patch) {
    if (patch.id() != null && !patch.id().equals(id)) {
      throw new ProblemException(ProblemType.INVALID_INPUT, "A tenant's id cannot change");
    }
    String issuer =
        patch.issuer() == null ? null : issuers.requireWellFormed(patch.issuer()).toString();
    String current = QuarkusTransaction.requiringNew().call(() -> changeable(id).issuer);
    if (issuer != null && !issuer.equals(current) && checkIssuer) {
      issuers.requireReachable(issuer);
    }
    return change(
        id,
        Action.TENANT_UPDATE,
        tenant -> {
          if (patch.displayName() != null) {
            tenant.displayName = TenantFields.displayName(patch.displayName());
          }
          if (patch.contact() != null) {
            tenant.contact = TenantFields.text("contact", patch.contact());
          }
          if (issuer != null && !issuer.equals(tenant.issuer)) {
            requireIssuerFree(issuer, id);
            tenant.issuer = issuer;
          }
          if (patch.audiences() != null) {
            tenant.audiences = TenantFields.audiences(patch.audiences());
          }
          if (patch.rolesClaim() != null) {
            tenant.rolesClaim = TenantFields.rolesClaim(patch.rolesClaim());
          }
          if (patch.roleMapping() != null) {
            tenant.roleMapping = TenantFields.roleMapping(patch.roleMapping());
          }
          if (patch.plan() != null) {
            tenant.plan = TenantFields.plan(patch.plan());
          }
        });
  }

  public TenantView suspend(String id) {
    return change(id, Action.TENANT_SUSPEND, tenant -> tenant.status = TenantStatus.suspended);
  }

  public TenantView reactivate(String id) {
    return change(id, Action.TENANT_REACTIVATE, tenant -> tenant.status = TenantStatus.active);
  }

  /**
   * Deletes a tenant: its tokens and keys are refused at once; its row, id and audit records stay
   * for the audit retention period (the id cannot be taken by another hospital meanwhile).
   */
  public TenantView delete(String id) {
    return change(
        id,
        Action.TENANT_DELETE,
        tenant -> {
          tenant.status = TenantStatus.deleted;
          tenant.deletedAt = Instant.now();
        });
  }

  private TenantView change(String id, Action action, Consumer<Tenant> edit) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Tenant tenant = changeable(id);
              TenantView before = TenantView.from(tenant);
              edit.accept(tenant);
              TenantView unchanged = TenantView.from(tenant);
              if (unchanged.equals(before)) {
                return before; // nothing to record or announce
              }
              tenant.updatedAt = Instant.now();
              tenants.flush();
              TenantView after = TenantView.from(tenant);
              changes.record(caller, action, id, before, after);
              events.changed(id);
              return after;
            });
  }

  /** A tenant the platform admin may change: one that exists and is not deleted. */
  private Tenant changeable(String id) {
    Tenant tenant = scope.visibleForChange(id);
    if (tenant.status == TenantStatus.deleted) {
      throw new ProblemException(ProblemType.CONFLICT, "The tenant was deleted; it cannot change");
    }
    return tenant;
  }

  private void requireIssuerFree(String issuer, String id) {
    long users =
        tenants.count(
            "issuer = ?1 and status <> ?2 and id <> ?3", issuer, TenantStatus.deleted, id);
    if (users > 0) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Another tenant already trusts this issuer; one identity provider serves one tenant");
    }
  }
}
