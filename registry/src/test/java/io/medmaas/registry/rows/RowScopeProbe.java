package io.medmaas.registry.rows;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;

/** Test-only endpoint: the row scope a request's transaction states to PostgreSQL. */
@Path("/test/row-scope")
@ApplicationScoped
@RowScoped
@PermitAll
public class RowScopeProbe {

  @Inject EntityManager em;

  @GET
  @Transactional
  public List<String> scope() {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "SELECT current_setting('medmaas.tenant', true),"
                        + " current_setting('medmaas.entitled', true)")
                .getSingleResult();
    return List.of(String.valueOf(row[0]), String.valueOf(row[1]));
  }
}
