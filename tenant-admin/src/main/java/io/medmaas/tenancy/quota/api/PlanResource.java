package io.medmaas.tenancy.quota.api;

import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
import io.medmaas.tenancy.quota.service.Quotas;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** The plans and their limits. */
@Path("/internal/plans")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class PlanResource {

  /** {@code {"plans": [...]}}. */
  @GET
  @Permits(Action.PLAN_LIST)
  public Map<String, List<PlanView>> plans() {
    return Map.of("plans", Quotas.plans());
  }
}
