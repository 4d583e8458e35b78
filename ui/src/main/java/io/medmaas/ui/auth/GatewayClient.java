package io.medmaas.ui.auth;

import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The non-blocking client the console's sign-in asks the gateway with (its lookups, who a person
 * is): no redirects followed, a short connect timeout, at most {@code connections} at once.
 */
final class GatewayClient {

  private GatewayClient() {}

  static WebClient create(Vertx vertx, int connections) {
    return WebClient.create(
        vertx,
        new WebClientOptions()
            .setFollowRedirects(false)
            .setMaxPoolSize(connections)
            .setConnectTimeout(3000)
            .setUserAgent("medmaas-console"));
  }
}
