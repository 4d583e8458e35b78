package io.medmaas.inference.model;

import io.medmaas.common.caller.Caller;
import java.util.Set;

/**
 * Who asks to be served: the tenant the request acts for, the caller's roles and the platform
 * models its tenant is entitled to, read once from the internal token on the request's thread, so
 * the serving rules can be applied on any thread.
 */
public record Requester(String tenant, Set<String> roles, Set<String> entitled) {

  public Requester {
    roles = Set.copyOf(roles);
    entitled = Set.copyOf(entitled);
  }

  public static Requester of(Caller caller) {
    return new Requester(caller.requireTenant(), caller.roles(), caller.entitledModels());
  }
}
