package io.medmaas.inference.model;

import io.medmaas.common.caller.Caller;
import java.util.Set;

/**
 * Who asks to be served: the tenant the request acts for, the caller's roles, the platform models
 * its tenant is entitled to and its batch limit, read once from the internal token on the request's
 * thread, so the serving rules can be applied on any thread.
 *
 * @param maxBatch the most instances a request of the tenant may hold (its quota); 0: no limit but
 *     the service's own
 */
public record Requester(String tenant, Set<String> roles, Set<String> entitled, int maxBatch) {

  public Requester {
    roles = Set.copyOf(roles);
    entitled = Set.copyOf(entitled);
  }

  public Requester(String tenant, Set<String> roles, Set<String> entitled) {
    this(tenant, roles, entitled, 0);
  }

  public static Requester of(Caller caller) {
    return new Requester(
        caller.requireTenant(),
        caller.roles(),
        caller.entitledModels(),
        caller.maxBatch().orElse(0));
  }

  /** Whether a request of {@code instances} instances is over the tenant's batch limit. */
  public boolean overBatch(long instances) {
    return maxBatch > 0 && instances > maxBatch;
  }
}
