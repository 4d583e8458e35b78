package io.medmaas.gateway.auth;

import io.medmaas.common.net.PublicAddresses;
import io.medmaas.gateway.GatewayConfig;
import io.medmaas.gateway.pipeline.ContextHandoff;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * The signing keys of each tenant's identity provider, found through its OpenID discovery document
 * ({@code <issuer>/.well-known/openid-configuration}, then {@code jwks_uri}) and kept for a while.
 * A token signed with a key id not in the set makes the set be fetched again, at most once per
 * back-off period per issuer, so that a provider's key rotation is followed and a stream of forged
 * key ids costs one fetch. The fetches follow no redirect, take {@code jwks_uri} only with the
 * issuer's own scheme (an https issuer's keys over https), and go only to public addresses unless
 * {@code medmaas.tokens.allow-private-issuers} allows others (a local run): a tenant's provider
 * cannot turn the gateway on the platform's own network after it was onboarded.
 */
@ApplicationScoped
class IssuerKeys {

  private static final Logger LOG = Logger.getLogger(IssuerKeys.class);
  private static final long FETCH_TIMEOUT_MILLIS = 5_000;

  /** The longest a fetch (discovery and key set together) and the requests waiting on it wait. */
  private static final long FETCH_DEADLINE_MILLIS = 6_000;

  @Inject Vertx vertx;
  @Inject GatewayConfig config;

  private record KeySet(List<JsonWebKey> keys, long fetchedAtNanos) {}

  private final Map<String, KeySet> sets = new ConcurrentHashMap<>();
  private final Map<String, Future<List<JsonWebKey>>> fetching = new ConcurrentHashMap<>();
  private final Map<String, Long> attemptedAt = new ConcurrentHashMap<>();
  private WebClient client;

  @PostConstruct
  void init() {
    client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
  }

  /**
   * The issuer's keys, fetched when not known or older than the configured period; while a fetch
   * fails, the keys known before go on being used.
   */
  Future<List<JsonWebKey>> of(String issuer) {
    KeySet set = sets.get(issuer);
    if (set != null && age(set) < config.tokens().keysFor().toNanos()) {
      return Future.succeededFuture(set.keys);
    }
    return fetchWithin(issuer, config.tokens().keyRefreshBackoff().toNanos());
  }

  /**
   * The issuer's keys fetched again because a token named a key id that is not among them; the keys
   * already known when a fetch was tried within the back-off period.
   */
  Future<List<JsonWebKey>> refreshed(String issuer) {
    return fetchWithin(issuer, config.tokens().keyRefreshBackoff().toNanos());
  }

  /**
   * A fetch, unless one was tried within {@code backoffNanos}: then the keys known (if any). With
   * no keys known, a fetch under way is waited for: the requests that arrive together when an
   * issuer is first seen (a gateway just started) all wait for the one fetch, rather than all but
   * the first being refused.
   */
  private Future<List<JsonWebKey>> fetchWithin(String issuer, long backoffNanos) {
    Long attempted = attemptedAt.get(issuer);
    KeySet known = sets.get(issuer);
    Future<List<JsonWebKey>> underWay = known == null ? fetching.get(issuer) : null;
    if (underWay != null) {
      return ContextHandoff.onCallersContext(underWay);
    }
    if (attempted != null && System.nanoTime() - attempted < backoffNanos) {
      return known != null
          ? Future.succeededFuture(known.keys)
          : Future.failedFuture(new IllegalStateException("keys unavailable"));
    }
    Future<List<JsonWebKey>> fetched = ContextHandoff.onCallersContext(fetch(issuer));
    return known == null ? fetched : fetched.otherwise(known.keys);
  }

  private static long age(KeySet set) {
    return System.nanoTime() - set.fetchedAtNanos;
  }

  /** One fetch per issuer at a time; callers meanwhile share it. */
  private Future<List<JsonWebKey>> fetch(String issuer) {
    Future<List<JsonWebKey>> running = fetching.get(issuer);
    if (running != null) {
      return running;
    }
    Promise<List<JsonWebKey>> promise = Promise.promise();
    running = fetching.putIfAbsent(issuer, promise.future());
    if (running != null) {
      return running;
    }
    attemptedAt.put(issuer, System.nanoTime());
    Future<List<JsonWebKey>> result;
    try {
      result =
          get(stripSlash(issuer) + "/.well-known/openid-configuration")
              .compose(discovery -> get(jwksUri(issuer, discovery)))
              .map(this::parse)
              .onSuccess(set -> sets.put(issuer, set))
              .map(KeySet::keys);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    Future<List<JsonWebKey>> mine = promise.future();
    // the client's timeout is per read: a provider trickling bytes could hold the fetch, and every
    // request waiting on it, for ever; the fetch as a whole gets a deadline of its own
    long deadline =
        vertx.setTimer(
            FETCH_DEADLINE_MILLIS,
            late -> {
              fetching.remove(issuer, mine);
              if (promise.tryFail(new IllegalStateException("the provider took too long"))) {
                LOG.warnf("Could not fetch the signing keys of %s in time", issuer);
              }
            });
    result.onComplete(
        done -> {
          vertx.cancelTimer(deadline);
          fetching.remove(issuer, mine);
          if (done.failed()) {
            LOG.warnf(
                "Could not fetch the signing keys of %s: %s",
                issuer, done.cause().getClass().getSimpleName());
          }
          if (done.succeeded()) {
            promise.tryComplete(done.result());
          } else {
            promise.tryFail(done.cause());
          }
        });
    return mine;
  }

  private static String jwksUri(String issuer, HttpResponse<Buffer> discovery) {
    String uri = new JsonObject(discovery.body()).getString("jwks_uri");
    if (uri == null) {
      throw new IllegalStateException("discovery document has no jwks_uri");
    }
    String scheme = URI.create(issuer).getScheme();
    if (!uri.regionMatches(true, 0, scheme + "://", 0, scheme.length() + 3)) {
      throw new IllegalStateException("jwks_uri is not " + scheme + " like its issuer");
    }
    return uri;
  }

  private Future<HttpResponse<Buffer>> get(String url) {
    String host;
    try {
      host = URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new IllegalStateException("not a URL"));
    }
    if (host == null) {
      return Future.failedFuture(new IllegalStateException("no host"));
    }
    Future<Void> allowed =
        config.tokens().allowPrivateIssuers()
            ? Future.succeededFuture()
            : vertx.executeBlocking(
                () -> {
                  for (InetAddress address : InetAddress.getAllByName(host)) {
                    if (!PublicAddresses.isPublic(address)) {
                      throw new IllegalStateException("not at a public address");
                    }
                  }
                  return null;
                },
                false);
    return allowed
        .compose(ok -> client.getAbs(url).timeout(FETCH_TIMEOUT_MILLIS).send())
        .map(
            response -> {
              if (response.statusCode() != 200) {
                throw new IllegalStateException("answered " + response.statusCode());
              }
              return response;
            });
  }

  private KeySet parse(HttpResponse<Buffer> response) {
    try {
      return new KeySet(
          List.copyOf(new JsonWebKeySet(response.bodyAsString()).getJsonWebKeys()),
          System.nanoTime());
    } catch (JoseException e) {
      throw new IllegalStateException("unreadable key set", e);
    }
  }

  private static String stripSlash(String issuer) {
    return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
  }
}
