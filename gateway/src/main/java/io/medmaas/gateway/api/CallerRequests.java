package io.medmaas.gateway.api;

import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.audit.AuditContext;
import io.medmaas.gateway.auth.GatewayCaller;
import io.medmaas.gateway.auth.InternalTokenMinter;
import io.medmaas.gateway.tenant.TenantDirectory;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The authenticated caller of this request and the internal token that acts for it. */
@RequestScoped
public class CallerRequests {

  @Inject SecurityIdentity identity;
  @Inject TenantDirectory tenants;
  @Inject InternalTokenMinter minter;
  @Inject AuditContext audit;

  public GatewayCaller caller() {
    return GatewayCaller.from(identity, tenants)
        .orElseThrow(
            () -> new ProblemException(ProblemType.UNAUTHENTICATED, "Unknown token issuer"));
  }

  public String internalToken() {
    return minter.forCaller(caller());
  }

  public String requestId() {
    return audit.requestId();
  }
}
