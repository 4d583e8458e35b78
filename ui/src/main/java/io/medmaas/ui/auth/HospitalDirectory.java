package io.medmaas.ui.auth;

import io.medmaas.ui.UiConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The active hospitals' providers (their issuers), asked one by one through the gateway's public
 * {@code GET /api/v1/sign-in/{id}}, which answers from its own copy of tenant-admin's list: a
 * hospital onboarded after the console started signs in without a change to its configuration, and
 * one suspended stops signing in once its answer expires.
 *
 * <ul>
 *   <li>Nothing here blocks: the gateway is asked with Vert.x's client, on the caller's event loop.
 *       A first lookup carries the visitor's address ({@code X-Forwarded-For}), so that the
 *       gateway's throttle of unknown ids counts each visitor, not the console; a refusal of that
 *       visitor (429) is theirs alone. A known hospital's renewal is the console's own question.
 *   <li>Lookups of one id at the same time share one call; at most {@link #MAX_IN_FLIGHT} calls are
 *       under way at once (past that, no answer: the visitor tries again).
 *   <li>An answer is kept {@link #KNOWN} (an unknown id {@link #UNKNOWN}), at most {@link
 *       #MAX_ENTRIES} of them. An expired known answer is still used while a new one is asked in
 *       the background, and while the gateway cannot answer, but never more than {@link
 *       #STALE_LIMIT} past its expiry.
 *   <li>A failed call is not repeated for {@link #RETRY_AFTER_FAILURE}.
 * </ul>
 */
@ApplicationScoped
public class HospitalDirectory {

  private static final Logger LOG = Logger.getLogger(HospitalDirectory.class);
  static final int MAX_ENTRIES = 1000;
  static final int MAX_IN_FLIGHT = 8;
  static final Duration KNOWN = Duration.ofMinutes(5);
  static final Duration UNKNOWN = Duration.ofSeconds(30);
  static final Duration STALE_LIMIT = Duration.ofMinutes(10);
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

  /** An answer: the issuer of an active hospital, or none (an unknown id). */
  private record Entry(Optional<String> issuer, long untilNanos) {}

  /** What the gateway said: a hospital or none; or it refused this visitor (429); or nothing. */
  private enum Said {
    ANSWERED,
    VISITOR_THROTTLED,
    NOTHING
  }

  private record Reply(Said said, Optional<String> issuer) {
    static final Reply THROTTLED = new Reply(Said.VISITOR_THROTTLED, Optional.empty());
    static final Reply NONE = new Reply(Said.NOTHING, Optional.empty());
  }

  /** The clock answers expire by (a test's own). */
  LongSupplier nanos = System::nanoTime;

  private final Map<String, Entry> answers = new ConcurrentHashMap<>();
  private final Map<String, Uni<Optional<String>>> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Long> failedUntil = new ConcurrentHashMap<>();

  @Inject UiConfig config;
  @Inject Vertx vertx;
  private WebClient client;

  @PostConstruct
  void init() {
    client = GatewayClient.create(vertx, MAX_IN_FLIGHT);
  }

  private boolean before(long untilNanos) {
    return untilNanos - nanos.getAsLong() > 0;
  }

  /** Whether the gateway is being asked about {@code id} now. */
  boolean asking(String id) {
    return inFlight.containsKey(id);
  }

  /** The issuer last known for {@code id}, without asking: for headers and sign-out. */
  Optional<String> lastKnown(String id) {
    Entry entry = answers.get(id);
    return entry == null ? Optional.empty() : usableStale(entry);
  }

  /** An expired answer's issuer, while it may still stand in for a new one. */
  private Optional<String> usableStale(Entry entry) {
    return before(entry.untilNanos() + STALE_LIMIT.toNanos()) ? entry.issuer() : Optional.empty();
  }

  /**
   * The issuer of the active hospital {@code id} (a valid tenant id), asking the gateway for the
   * visitor at {@code visitor} (an address, or null) when it is not at hand.
   */
  Uni<Optional<String>> lookup(String id, String visitor) {
    Entry entry = answers.get(id);
    if (entry != null && before(entry.untilNanos())) {
      return Uni.createFrom().item(entry.issuer());
    }
    Optional<String> stale = entry == null ? Optional.empty() : usableStale(entry);
    Long failed = failedUntil.get(id);
    if (failed != null && before(failed)) {
      return Uni.createFrom().item(stale);
    }
    Uni<Optional<String>> call = inFlight.get(id);
    if (call == null) {
      if (inFlight.size() >= MAX_IN_FLIGHT) {
        return Uni.createFrom().item(stale);
      }
      // a known hospital is renewed as the console's own question, so that no visitor's
      // throttle (an attacker's, say) decides it for everyone; a first lookup is the visitor's
      call = start(id, stale.isPresent() ? null : visitor, stale);
    }
    // a known hospital's people do not wait for its answer to be renewed
    return stale.isPresent() ? Uni.createFrom().item(stale) : onCallersContext(call);
  }

  /** Asks the gateway now, once for everyone who asks about {@code id} meanwhile. */
  private Uni<Optional<String>> start(String id, String visitor, Optional<String> stale) {
    AtomicReference<Uni<Optional<String>>> self = new AtomicReference<>();
    Uni<Optional<String>> call =
        ask(id, visitor)
            .map(
                reply ->
                    switch (reply.said()) {
                      case ANSWERED -> keep(id, reply.issuer());
                      // only this visitor is refused: nothing is kept or marked for the others
                      case VISITOR_THROTTLED -> stale;
                      case NOTHING -> failed(id, stale);
                    })
            .onTermination()
            .invoke(() -> inFlight.remove(id, self.get()))
            .memoize()
            .indefinitely();
    self.set(call);
    Uni<Optional<String>> raced = inFlight.putIfAbsent(id, call);
    if (raced != null) {
      return raced;
    }
    // asked now, whether or not anyone waits for it: an entry in flight always ends
    call.subscribe().with(ignored -> {}, ignored -> {});
    return call;
  }

  private Optional<String> failed(String id, Optional<String> stale) {
    failedUntil.put(id, nanos.getAsLong() + RETRY_AFTER_FAILURE.toNanos());
    if (failedUntil.size() > MAX_ENTRIES) {
      failedUntil.values().removeIf(until -> !before(until));
    }
    return stale;
  }

  /** {@code shared}, its answer delivered on the Vert.x context of the request that waits. */
  private static <T> Uni<T> onCallersContext(Uni<T> shared) {
    io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
    return caller == null
        ? shared
        : shared.emitOn(command -> caller.runOnContext(ignored -> command.run()));
  }

  private Optional<String> keep(String id, Optional<String> found) {
    failedUntil.remove(id);
    if (answers.size() >= MAX_ENTRIES) {
      // an unknown id's answer goes at its own expiry, a hospital's only past its stale limit
      answers
          .values()
          .removeIf(
              e -> !before(e.untilNanos() + (e.issuer().isPresent() ? STALE_LIMIT.toNanos() : 0)));
    }
    if (answers.size() < MAX_ENTRIES || answers.containsKey(id)) {
      Duration keep = found.isPresent() ? KNOWN : UNKNOWN;
      answers.put(id, new Entry(found, nanos.getAsLong() + keep.toNanos()));
    }
    return found;
  }

  /** The gateway's answer: an issuer, none (404), a visitor refused (429), or nothing to go by. */
  private Uni<Reply> ask(String id, String visitor) {
    HttpRequest<?> request =
        client
            .getAbs(config.gatewayUrl() + "/api/v1/sign-in/" + id)
            .putHeader("Accept", "application/json")
            .timeout(5000);
    if (visitor != null) {
      request.putHeader("X-Forwarded-For", visitor);
    }
    return request
        .send()
        .map(answer -> read(id, answer))
        .onFailure()
        .recoverWithItem(
            failure -> {
              LOG.warnf("Hospital lookup failed: %s", failure.getClass().getSimpleName());
              return Reply.NONE;
            });
  }

  private Reply read(String id, HttpResponse<?> answer) {
    if (answer.statusCode() == 404) {
      return new Reply(Said.ANSWERED, Optional.empty());
    }
    if (answer.statusCode() == 429) {
      return Reply.THROTTLED;
    }
    if (answer.statusCode() != 200) {
      LOG.warnf("The gateway answered %d to a hospital lookup", answer.statusCode());
      return Reply.NONE;
    }
    try {
      JsonObject body = answer.bodyAsJsonObject();
      String issuer = body.getString("issuer", "");
      if (!id.equals(body.getString("tenant")) || !usable(issuer)) {
        LOG.warn("A hospital lookup answered with an unusable sign-in; ignored");
        return Reply.NONE;
      }
      return new Reply(Said.ANSWERED, Optional.of(issuer));
    } catch (RuntimeException e) {
      LOG.warnf("An unreadable hospital lookup answer: %s", e.getClass().getSimpleName());
      return Reply.NONE;
    }
  }

  /** An https issuer; plain http only on loopback, and only in a local run (no Secure cookies). */
  private boolean usable(String issuer) {
    try {
      URI uri = new URI(issuer);
      if (uri.getHost() == null || uri.getRawUserInfo() != null) {
        return false;
      }
      return "https".equals(uri.getScheme())
          || ("http".equals(uri.getScheme())
              && !config.secureCookies()
              && LOOPBACK.contains(uri.getHost()));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
