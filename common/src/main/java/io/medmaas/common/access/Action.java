package io.medmaas.common.access;

import static io.medmaas.common.access.Role.AUDITOR;
import static io.medmaas.common.access.Role.CLINICAL_SYSTEM;
import static io.medmaas.common.access.Role.CLINICIAN;
import static io.medmaas.common.access.Role.GATEWAY;
import static io.medmaas.common.access.Role.HOSPITAL_ADMIN;
import static io.medmaas.common.access.Role.MODEL_PUBLISHER;
import static io.medmaas.common.access.Role.PLATFORM_ADMIN;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What each role may do: the one table that the gateway (its routes) and every internal service
 * (its {@link Permits} annotations) read, so that they cannot disagree. The action's name is the
 * one the audit records carry.
 *
 * <p>Rules finer than a role (whose model, which stage) live with the data they are about: the
 * registry's lifecycle (four eyes for production) and inference's serving rules (drafts).
 */
public enum Action {
  // predictions; which versions each role may use is inference's serving rule
  MODEL_PREDICT(
      "model.predict", CLINICIAN, CLINICAL_SYSTEM, MODEL_PUBLISHER, HOSPITAL_ADMIN, PLATFORM_ADMIN),
  MODEL_METADATA(
      "model.metadata",
      CLINICIAN,
      CLINICAL_SYSTEM,
      MODEL_PUBLISHER,
      HOSPITAL_ADMIN,
      PLATFORM_ADMIN),
  MODEL_READY(
      "model.ready", CLINICIAN, CLINICAL_SYSTEM, MODEL_PUBLISHER, HOSPITAL_ADMIN, PLATFORM_ADMIN),
  // the catalog
  MODEL_LIST(
      "model.list",
      CLINICIAN,
      CLINICAL_SYSTEM,
      MODEL_PUBLISHER,
      HOSPITAL_ADMIN,
      AUDITOR,
      PLATFORM_ADMIN),
  MODEL_READ(
      "model.read",
      CLINICIAN,
      CLINICAL_SYSTEM,
      MODEL_PUBLISHER,
      HOSPITAL_ADMIN,
      AUDITOR,
      PLATFORM_ADMIN),
  /** The weights: the owner's publishers and admins, and platform admins (the registry checks). */
  MODEL_DOWNLOAD("model.download", MODEL_PUBLISHER, HOSPITAL_ADMIN, PLATFORM_ADMIN),
  // the lifecycle
  MODEL_UPLOAD("model.version.upload", MODEL_PUBLISHER, PLATFORM_ADMIN),
  MODEL_STAGE("model.version.stage", MODEL_PUBLISHER, HOSPITAL_ADMIN, PLATFORM_ADMIN),
  /** Production, and any override of unverified metrics: the second pair of eyes. */
  MODEL_PROMOTE("model.version.promote", HOSPITAL_ADMIN, PLATFORM_ADMIN),
  MODEL_ROLLBACK("model.rollback", HOSPITAL_ADMIN, PLATFORM_ADMIN),
  MODEL_VERIFY("model.version.verify", MODEL_PUBLISHER, HOSPITAL_ADMIN, PLATFORM_ADMIN),
  MODEL_DELETE("model.version.delete", HOSPITAL_ADMIN, PLATFORM_ADMIN),
  // the audit log
  /** Reading the audit log: a tenant's auditors and admins their own; platform admins any's. */
  AUDIT_READ("audit.read", AUDITOR, HOSPITAL_ADMIN, PLATFORM_ADMIN),
  /** Re-walking a hash chain of the audit log: a tenant's auditors, the platform's admins any. */
  AUDIT_VERIFY("audit.verify", AUDITOR, PLATFORM_ADMIN),
  /** Removing a chain's records older than the retention period: the platform's admins only. */
  AUDIT_PURGE("audit.purge", PLATFORM_ADMIN),
  // tenants: the platform's admins run them; a hospital's admins read their own
  TENANT_LIST("tenant.list", PLATFORM_ADMIN),
  TENANT_READ("tenant.read", HOSPITAL_ADMIN, PLATFORM_ADMIN),
  TENANT_CREATE("tenant.create", PLATFORM_ADMIN),
  TENANT_UPDATE("tenant.update", PLATFORM_ADMIN),
  TENANT_SUSPEND("tenant.suspend", PLATFORM_ADMIN),
  TENANT_REACTIVATE("tenant.reactivate", PLATFORM_ADMIN),
  TENANT_DELETE("tenant.delete", PLATFORM_ADMIN),
  ENTITLEMENT_LIST("tenant.entitlement.list", HOSPITAL_ADMIN, PLATFORM_ADMIN),
  ENTITLEMENT_GRANT("tenant.entitlement.grant", PLATFORM_ADMIN),
  ENTITLEMENT_REVOKE("tenant.entitlement.revoke", PLATFORM_ADMIN),
  // partners' API keys: a hospital's admins for their tenant, platform admins for any
  API_KEY_CREATE("tenant.api-key.create", HOSPITAL_ADMIN, PLATFORM_ADMIN),
  API_KEY_LIST("tenant.api-key.list", HOSPITAL_ADMIN, PLATFORM_ADMIN),
  API_KEY_ROTATE("tenant.api-key.rotate", HOSPITAL_ADMIN, PLATFORM_ADMIN),
  API_KEY_REVOKE("tenant.api-key.revoke", HOSPITAL_ADMIN, PLATFORM_ADMIN),
  /** Setting a key's own limits, within which it is held beside its tenant's. */
  API_KEY_LIMIT("tenant.api-key.limit", HOSPITAL_ADMIN, PLATFORM_ADMIN),
  // plans and quotas
  PLAN_LIST("tenant.plan.list", HOSPITAL_ADMIN, PLATFORM_ADMIN),
  QUOTA_READ("tenant.quota.read", HOSPITAL_ADMIN, PLATFORM_ADMIN),
  QUOTA_UPDATE("tenant.quota.update", PLATFORM_ADMIN),
  /** A tenant's metered use: its own admins, and the platform's for any tenant. */
  USAGE_READ("tenant.usage.read", HOSPITAL_ADMIN, PLATFORM_ADMIN),
  // internal calls only: never routed by the gateway
  /** The gateway looking up an API key by its id, and reporting when keys were last used. */
  API_KEY_DIRECTORY("tenant.api-key.directory", GATEWAY),
  /** The registry scoring a validation set on inference, as the caller who verifies. */
  MODEL_OUTPUTS("model.outputs", MODEL_PUBLISHER, HOSPITAL_ADMIN, PLATFORM_ADMIN),
  /** Inference fetching an artifact to serve it, as the caller who predicts. */
  MODEL_LOAD(
      "model.load", CLINICIAN, CLINICAL_SYSTEM, MODEL_PUBLISHER, HOSPITAL_ADMIN, PLATFORM_ADMIN),
  TENANT_DIRECTORY("tenant.directory", GATEWAY);

  private final String id;
  private final Set<Role> roles;
  private final Set<String> roleIds;

  Action(String id, Role first, Role... rest) {
    this.id = id;
    this.roles = Set.copyOf(EnumSet.of(first, rest));
    this.roleIds = roles.stream().map(Role::id).collect(Collectors.toUnmodifiableSet());
  }

  /** The action's name in audit records and the OpenAPI document. */
  public String id() {
    return id;
  }

  public Set<Role> roles() {
    return roles;
  }

  /** The roles' names, as tokens carry them. */
  public Set<String> roleIds() {
    return roleIds;
  }

  /** Whether a caller holding these role names may do this. */
  public boolean allows(Collection<String> heldRoleIds) {
    for (String held : heldRoleIds) {
      if (roleIds.contains(held)) {
        return true;
      }
    }
    return false;
  }
}
