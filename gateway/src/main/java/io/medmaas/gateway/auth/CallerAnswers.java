package io.medmaas.gateway.auth;

import io.medmaas.gateway.pipeline.Answer;
import io.medmaas.gateway.pipeline.Exchange;
import io.medmaas.gateway.pipeline.GatewayCaller;
import io.medmaas.gateway.pipeline.LocalAnswerer;
import io.medmaas.gateway.routes.Routes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.TreeSet;

/**
 * Who the caller is, as the gateway resolved it from their credential: their tenant, subject, user
 * name and medmaas roles (their provider's roles through their hospital's role mapping, only those
 * their kind of tenant may hold). The web console shows its navigation by these, so that it never
 * reads a token's roles otherwise than the gateway does, and a hospital's role mapping is never
 * shown to anyone not signed in.
 */
@ApplicationScoped
public class CallerAnswers implements LocalAnswerer {

  @Override
  public String name() {
    return Routes.ME;
  }

  @Override
  public Future<Answer> answer(Exchange exchange) {
    GatewayCaller caller = exchange.caller();
    JsonObject body =
        new JsonObject()
            .put("tenant", caller.tenant())
            .put("subject", caller.subject())
            .put("username", caller.username())
            .put("roles", new JsonArray(java.util.List.copyOf(new TreeSet<>(caller.roles()))));
    return Future.succeededFuture(
        new Answer(200, "application/json", Buffer.buffer(body.encode()), null));
  }
}
