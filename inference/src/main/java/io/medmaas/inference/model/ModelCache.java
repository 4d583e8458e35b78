package io.medmaas.inference.model;

import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.inference.InferenceConfig;
import io.medmaas.inference.engine.LoadedModel;
import io.medmaas.inference.engine.ModelLoader;
import io.medmaas.inference.registry.ModelVersionInfo;
import io.medmaas.inference.registry.RegistryClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Loaded model versions (keyed by model, version and artifact digest), the short-lived answers to
 * "which version does this alias point at" (per tenant: visibility is per tenant), and what each
 * route currently serves.
 *
 * <p>When an alias moves, the new version is loaded and warmed in the background while the old one
 * keeps answering; the switch happens once the new one is ready. The loaded set is bounded by an
 * estimate of its memory: beyond it the least recently used version that no alias serves is
 * unloaded (its queue drains first).
 */
@ApplicationScoped
public class ModelCache {

  private static final Logger LOG = Logger.getLogger(ModelCache.class);
  private static final Set<String> ALIASES = Set.of("production", "staging");

  @Inject RegistryClient registry;
  @Inject ModelLoader loader;
  @Inject InferenceConfig config;

  private final Map<String, LoadedModel> loaded = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<LoadedModel>> loading = new ConcurrentHashMap<>();
  private final Map<String, String> failed = new ConcurrentHashMap<>();
  private final Map<String, LoadedModel> serving = new ConcurrentHashMap<>();
  private final Map<String, Resolution> resolutions = new ConcurrentHashMap<>();

  /** Counts invalidating events, so that a resolution fetched across one is not cached. */
  private final java.util.concurrent.atomic.AtomicLong events =
      new java.util.concurrent.atomic.AtomicLong();

  private final ExecutorService background =
      Executors.newFixedThreadPool(
          1,
          r -> {
            Thread thread = new Thread(r, "model-loader");
            thread.setDaemon(true);
            return thread;
          });

  private record Resolution(ModelVersionInfo info, long expiresAtNanos) {}

  /** The model that answers for a version or alias now, loading and warming it on first use. */
  public LoadedModel get(Requester who, String model, String versionOrAlias, String bearer) {
    String route = route(who.tenant(), model, versionOrAlias);
    ModelVersionInfo info = ServingRules.check(who, resolve(route, model, versionOrAlias, bearer));
    LoadedModel ready = loaded.get(info.key());
    if (ready != null) {
      serving.put(route, ready);
      return ready;
    }
    CompletableFuture<LoadedModel> load = startLoad(info, bearer);
    LoadedModel current = serving.get(route);
    if (current != null
        && loaded.containsValue(current)
        && current.info().owner().equals(info.owner())
        && ServingRules.allows(who, freshStageOf(current, info))) {
      return current; // keep answering with the old version until the new one is warm
    }
    LoadedModel first = await(load);
    serving.put(route, first);
    return first;
  }

  /**
   * The model that answers for a version or alias now, if that is known without asking the registry
   * or loading anything (the alias was resolved recently and its version is loaded): what a request
   * can be served with without leaving its thread.
   */
  public Optional<LoadedModel> ready(Requester who, String model, String versionOrAlias) {
    Resolution cached = resolutions.get(route(who.tenant(), model, versionOrAlias));
    if (cached == null
        || cached.expiresAtNanos <= System.nanoTime()
        || !ServingRules.allows(who, cached.info)) {
      return Optional.empty(); // the slow path says why
    }
    return Optional.ofNullable(loaded.get(cached.info.key()));
  }

  /** What the registry says about a version or alias, if this caller may be served it. */
  public ModelVersionInfo describe(
      Requester who, String model, String versionOrAlias, String bearer) {
    return ServingRules.check(
        who, resolve(route(who.tenant(), model, versionOrAlias), model, versionOrAlias, bearer));
  }

  /** Where a version stands here; {@code startIfIdle} begins loading one that is not loaded. */
  public ServingState state(ModelVersionInfo info, String bearer, boolean startIfIdle) {
    if (loaded.containsKey(info.key())) {
      return ServingState.READY;
    }
    if (loading.containsKey(info.key())) {
      return ServingState.LOADING;
    }
    ServingState state =
        failed.containsKey(info.key()) ? ServingState.FAILED : ServingState.NOT_LOADED;
    if (startIfIdle) {
      startLoad(info, bearer);
    }
    return state;
  }

  /** The loaded model for a version, if it is loaded. */
  public Optional<LoadedModel> loaded(ModelVersionInfo info) {
    return Optional.ofNullable(loaded.get(info.key()));
  }

  /** An alias of {@code model} moved (a registry event): ask the registry again next time. */
  public void aliasMoved(String model) {
    events.incrementAndGet();
    resolutions.keySet().removeIf(route -> route.split("\n", 3)[1].equals(model));
  }

  /** The event connection was (re)established: events may have been missed, so ask again. */
  public void eventsResumed() {
    events.incrementAndGet();
    resolutions.clear();
  }

  /** A tenant's entitlements or status changed (a tenant-admin event): resolve its names anew. */
  public void tenantChanged(String tenant) {
    events.incrementAndGet();
    resolutions.keySet().removeIf(route -> route.split("\n", 3)[0].equals(tenant));
  }

  /**
   * The version that served the route until now, with what is known of its stage now: if the
   * registry's fresh answer is that same version, its stage; if not, and the old one served
   * production, it was archived by this move (a promotion or rollback archives the version it
   * replaces), so it no longer serves while the new one warms; a staging or pinned route's old
   * version keeps its stage.
   */
  private static ModelVersionInfo freshStageOf(LoadedModel current, ModelVersionInfo fresh) {
    ModelVersionInfo old = current.info();
    if (old.version().equals(fresh.version())) {
      return fresh;
    }
    return "production".equals(old.stage()) ? withStage(old, "archived") : old;
  }

  private static ModelVersionInfo withStage(ModelVersionInfo info, String stage) {
    return new ModelVersionInfo(
        info.model(),
        info.version(),
        stage,
        info.owner(),
        info.sha256(),
        info.signature(),
        info.verification(),
        info.card());
  }

  private static String route(String tenant, String model, String versionOrAlias) {
    return tenant + "\n" + model + "\n" + versionOrAlias;
  }

  private CompletableFuture<LoadedModel> startLoad(ModelVersionInfo info, String bearer) {
    return loading.computeIfAbsent(
        info.key(),
        key -> {
          LoadedModel already = loaded.get(key);
          if (already != null) {
            return CompletableFuture.completedFuture(already);
          }
          return CompletableFuture.supplyAsync(
                  () -> loader.load(info, registry.artifact(info.sha256(), bearer)), background)
              .whenComplete(
                  (model, failure) -> {
                    if (model != null) {
                      loaded.put(key, model);
                      failed.remove(key);
                      enforceBound(key);
                    } else {
                      failed.put(key, failure.getClass().getSimpleName());
                    }
                    loading.remove(key);
                  });
        });
  }

  /**
   * Unloads least recently used versions no alias serves while the estimate is over the bound;
   * never the version just loaded ({@code fresh}), which a request is waiting for.
   */
  private synchronized void enforceBound(String fresh) {
    long limit = config.inference().cache().maxBytes().asLongValue();
    long total = loaded.values().stream().mapToLong(LoadedModel::estimatedBytes).sum();
    while (total > limit) {
      Optional<Map.Entry<String, LoadedModel>> victim =
          loaded.entrySet().stream()
              .filter(e -> !e.getKey().equals(fresh) && !pinned(e.getValue()))
              .min(Comparator.comparingLong(e -> e.getValue().lastUsedNanos()));
      if (victim.isEmpty()) {
        LOG.warnf("Loaded models exceed the cache bound, but every one serves an alias");
        return;
      }
      LoadedModel model = victim.get().getValue();
      loaded.remove(victim.get().getKey());
      serving.values().removeIf(m -> m == model);
      total -= model.estimatedBytes();
      LOG.infof("Unloading %s version %s (least recently used)", model.name(), model.version());
      Thread unload = new Thread(model::close, "model-unloader"); // drains, must not block loads
      unload.setDaemon(true);
      unload.start();
    }
  }

  /** Whether an alias route (production, staging) currently serves {@code model}. */
  private boolean pinned(LoadedModel model) {
    return serving.entrySet().stream()
        .anyMatch(e -> e.getValue() == model && ALIASES.contains(e.getKey().split("\n", 3)[2]));
  }

  private static LoadedModel await(CompletableFuture<LoadedModel> load) {
    try {
      return load.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ProblemException problem) {
        throw problem;
      }
      throw new ProblemException(ProblemType.UNAVAILABLE, "The model could not be loaded");
    }
  }

  private ModelVersionInfo resolve(
      String route, String model, String versionOrAlias, String bearer) {
    long now = System.nanoTime();
    long epoch = events.get();
    Resolution cached = resolutions.get(route);
    if (cached != null && cached.expiresAtNanos > now) {
      return cached.info;
    }
    ModelVersionInfo info = registry.version(model, versionOrAlias, bearer);
    // an answer the registry gave before an event arrived may predate the change: used once, and
    // not kept
    if (events.get() == epoch) {
      resolutions.put(route, new Resolution(info, now + config.inference().aliasTtl().toNanos()));
    }
    return info;
  }

  @PreDestroy
  void closeAll() {
    background.shutdownNow();
    loaded.values().forEach(LoadedModel::close);
    loaded.clear();
  }
}
