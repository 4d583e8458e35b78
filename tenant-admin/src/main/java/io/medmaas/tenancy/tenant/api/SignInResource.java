package io.medmaas.tenancy.tenant.api;

import io.medmaas.common.problem.ProblemException;
import io.medmaas.tenancy.tenant.store.TenantRepository;
import io.medmaas.tenancy.tenant.store.TenantStatus;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Where a hospital's people sign in: its identity provider's issuer and where its tokens carry
 * roles, for the web console (through the gateway, for anyone: the console asks before anyone is
 * signed in). Only an active hospital has one; an unknown, suspended or deleted id is the same 404,
 * and there is no list: the caller learns only about the one id it named.
 */
@Path("/internal/sign-in/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
public class SignInResource {

  /** What the console needs to send a person to their hospital's provider; nothing more. */
  public record SignIn(String tenant, String issuer, String rolesClaim) {}

  @Inject TenantRepository tenants;

  @GET
  @PermitAll
  @Transactional
  public SignIn signIn(@PathParam("tenant") String tenant) {
    if (tenant == null || !tenant.matches("[a-z0-9][a-z0-9-]{1,62}")) {
      throw ProblemException.notFound("Hospital");
    }
    return tenants
        .findByIdOptional(tenant)
        .filter(t -> t.status == TenantStatus.active)
        .map(t -> new SignIn(t.id, t.issuer, t.rolesClaim))
        .orElseThrow(() -> ProblemException.notFound("Hospital"));
  }
}
