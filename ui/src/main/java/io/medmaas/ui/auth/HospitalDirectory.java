package io.medmaas.ui.auth;

import io.medmaas.ui.UiConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The hospitals onboarded in tenant-admin, asked one by one through the gateway's public {@code GET
 * /api/v1/sign-in/{id}} (which answers from its own tenant list): a hospital's provider is
 * tenant-admin's data, so a hospital onboarded after the console started signs in without a change
 * to its configuration, and one suspended stops signing in once its answer expires.
 *
 * <p>Nothing here blocks: the gateway is asked with Vert.x's client, on the caller's event loop.
 * Lookups of one id at the same time share one call, and at most {@link #MAX_IN_FLIGHT} calls are
 * under way at once (past that, no answer: the visitor tries again). An answer is kept five minutes
 * (an unknown id thirty seconds), at most {@link #MAX_ENTRIES} of them. A gateway that cannot be
 * reached is no answer: a hospital known before stays known until it answers again.
 */
@ApplicationScoped
public class HospitalDirectory {

  private static final Logger LOG = Logger.getLogger(HospitalDirectory.class);
  static final int MAX_ENTRIES = 1000;
  static final int MAX_IN_FLIGHT = 8;
  private static final int MAX_ANSWER_BYTES = 16 * 1024;
  static final Duration KNOWN = Duration.ofMinutes(5);
  static final Duration UNKNOWN = Duration.ofSeconds(30);

  private record Entry(Optional<Hospital> hospital, long untilNanos) {}

  /** The clock answers expire by (a test's own). */
  java.util.function.LongSupplier nanos = System::nanoTime;

  private boolean fresh(Entry entry) {
    return entry.untilNanos() - nanos.getAsLong() > 0;
  }

  private final Map<String, Entry> answers = new ConcurrentHashMap<>();
  private final Map<String, Uni<Optional<Hospital>>> inFlight = new ConcurrentHashMap<>();

  @Inject UiConfig config;
  @Inject Vertx vertx;
  private WebClient client;

  @PostConstruct
  void init() {
    client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setFollowRedirects(false)
                .setMaxPoolSize(MAX_IN_FLIGHT)
                .setConnectTimeout(3000)
                .setUserAgent("medmaas-console"));
  }

  /** The last answer about {@code id}, fresh or not, without asking: for headers and sign-out. */
  Optional<Hospital> lastKnown(String id) {
    Entry entry = answers.get(id);
    return entry == null ? Optional.empty() : entry.hospital();
  }

  /** The active hospital {@code id} (a valid tenant id), asking the gateway when not at hand. */
  Uni<Optional<Hospital>> lookup(String id) {
    Entry entry = answers.get(id);
    if (entry != null && fresh(entry)) {
      return Uni.createFrom().item(entry.hospital());
    }
    Uni<Optional<Hospital>> pending = inFlight.get(id);
    if (pending != null) {
      return onCallersContext(pending);
    }
    Optional<Hospital> stale = entry == null ? Optional.empty() : entry.hospital();
    if (inFlight.size() >= MAX_IN_FLIGHT) {
      return Uni.createFrom().item(stale);
    }
    Uni<Optional<Hospital>> call =
        ask(id)
            .map(answer -> answer.map(found -> keep(id, found)).orElse(stale))
            .onTermination()
            .invoke(() -> inFlight.remove(id))
            .memoize()
            .indefinitely();
    Uni<Optional<Hospital>> raced = inFlight.putIfAbsent(id, call);
    if (raced != null) {
      return onCallersContext(raced);
    }
    // asked now, whether or not anyone waits for it: an entry in flight always ends
    call.subscribe().with(ignored -> {}, ignored -> {});
    return onCallersContext(call);
  }

  /** {@code shared}, its answer delivered on the Vert.x context of the request that waits. */
  private static <T> Uni<T> onCallersContext(Uni<T> shared) {
    io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
    return caller == null
        ? shared
        : shared.emitOn(command -> caller.runOnContext(ignored -> command.run()));
  }

  private Optional<Hospital> keep(String id, Optional<Hospital> found) {
    if (answers.size() >= MAX_ENTRIES) {
      answers.values().removeIf(e -> !fresh(e));
    }
    if (answers.size() < MAX_ENTRIES || answers.containsKey(id)) {
      Duration keep = found.isPresent() ? KNOWN : UNKNOWN;
      answers.put(id, new Entry(found, nanos.getAsLong() + keep.toNanos()));
    }
    return found;
  }

  /** The gateway's answer: a hospital, none (404), or nothing to go by (any other outcome). */
  private Uni<Optional<Optional<Hospital>>> ask(String id) {
    return client
        .getAbs(config.gatewayUrl() + "/api/v1/sign-in/" + id)
        .putHeader("Accept", "application/json")
        .timeout(5000)
        .send()
        .map(answer -> read(id, answer))
        .onFailure()
        .recoverWithItem(
            failure -> {
              LOG.warnf("Hospital lookup failed: %s", failure.getClass().getSimpleName());
              return Optional.empty();
            });
  }

  private Optional<Optional<Hospital>> read(String id, HttpResponse<?> answer) {
    if (answer.statusCode() == 404) {
      return Optional.of(Optional.empty());
    }
    if (answer.statusCode() != 200
        || answer.body() == null
        || answer.bodyAsBuffer().length() > MAX_ANSWER_BYTES) {
      LOG.warnf("The gateway answered %d to a hospital lookup", answer.statusCode());
      return Optional.empty();
    }
    try {
      JsonObject body = answer.bodyAsJsonObject();
      String issuer = body.getString("issuer", "");
      boolean plainHttpAllowed = !config.secureCookies(); // only a local run over loopback
      if (!id.equals(body.getString("tenant"))
          || !(issuer.startsWith("https://")
              || (plainHttpAllowed && issuer.startsWith("http://")))) {
        LOG.warn("A hospital lookup answered with an unusable sign-in; ignored");
        return Optional.empty();
      }
      // the gateway's path is dotted (realm_access.roles); quarkus-oidc's uses slashes
      String rolesClaim = body.getString("rolesClaim", "realm_access.roles").replace('.', '/');
      Map<String, String> mapping = null;
      JsonObject roleMapping = body.getJsonObject("roleMapping");
      if (roleMapping != null) {
        mapping = new HashMap<>();
        for (String name : roleMapping.fieldNames()) {
          if (roleMapping.getValue(name) instanceof String role) {
            mapping.put(name, role);
          }
        }
      }
      return Optional.of(
          Optional.of(new Hospital(issuer, Hospital.CONSOLE_CLIENT, rolesClaim, mapping)));
    } catch (RuntimeException e) {
      LOG.warnf("An unreadable hospital lookup answer: %s", e.getClass().getSimpleName());
      return Optional.empty();
    }
  }
}
