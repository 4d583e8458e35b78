package io.medmaas.tenancy.tenant.api;

import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
import io.medmaas.tenancy.tenant.service.TenantDirectory;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The tenant list the gateway resolves token issuers against (the gateway's own token only). */
@Path("/internal/directory/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class DirectoryResource {

  @Inject TenantDirectory directory;

  @GET
  @Permits(Action.TENANT_DIRECTORY)
  public List<DirectoryEntry> all() {
    return directory.all();
  }
}
