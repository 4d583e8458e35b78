package io.medmaas.tenancy.tenant.api;

import io.medmaas.common.caller.InternalToken;
import io.medmaas.tenancy.tenant.service.TenantDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The tenant list the gateway resolves token issuers against. */
@Path("/internal/tenants")
@Produces(MediaType.APPLICATION_JSON)
public class InternalTenantResource {

  @Inject TenantDirectory directory;

  @GET
  @RolesAllowed(InternalToken.GATEWAY_ROLE)
  public List<TenantView> all() {
    return directory.all();
  }
}
