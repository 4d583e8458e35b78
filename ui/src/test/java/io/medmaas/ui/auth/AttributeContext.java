package io.medmaas.ui.auth;

import io.vertx.ext.web.RoutingContext;
import java.lang.reflect.Proxy;
import java.util.Map;

/** A request's routing context for a test, holding only its attributes (in {@code data}). */
final class AttributeContext {

  private AttributeContext() {}

  static RoutingContext holding(Map<String, Object> data) {
    return (RoutingContext)
        Proxy.newProxyInstance(
            AttributeContext.class.getClassLoader(),
            new Class<?>[] {RoutingContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "put" -> {
                    data.put((String) args[0], args[1]);
                    yield proxy;
                  }
                  case "get" -> data.get((String) args[0]);
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
