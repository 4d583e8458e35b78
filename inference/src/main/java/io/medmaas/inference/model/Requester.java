package io.medmaas.inference.model;

import io.medmaas.common.caller.Caller;
import java.util.Set;

/**
 * Who asks to be served: the tenant the request acts for and the caller's roles, read once from the
 * internal token on the request's thread, so the serving rules can be applied on any thread.
 */
public record Requester(String tenant, Set<String> roles) {

  public Requester {
    roles = Set.copyOf(roles);
  }

  public static Requester of(Caller caller) {
    return new Requester(caller.requireTenant(), caller.roles());
  }
}
