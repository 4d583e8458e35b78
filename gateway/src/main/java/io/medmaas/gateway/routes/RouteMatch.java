package io.medmaas.gateway.routes;

import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.Set;

/**
 * How a request's method and path met the route table.
 *
 * @param route the route whose path and method match, or null
 * @param params the route's path parameters, decoded; a value that is not a valid name of its kind
 *     is {@link io.medmaas.common.audit.AuditText#INVALID}
 * @param allowed the methods of the routes whose path matches (for 405), empty when none does
 */
public record RouteMatch(Route route, Map<String, String> params, Set<HttpMethod> allowed) {

  public boolean found() {
    return route != null;
  }

  /** Whether every path parameter is a valid name of its kind. */
  public boolean paramsValid() {
    return !params.containsValue(io.medmaas.common.audit.AuditText.INVALID);
  }

  public String param(String name) {
    return params.get(name);
  }
}
