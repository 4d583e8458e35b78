package io.medmaas.inference.model;

import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.inference.InferenceConfig;
import io.medmaas.inference.registry.ModelVersionInfo;
import io.medmaas.inference.registry.RegistryClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Loaded model versions (keyed by model, version and artifact digest), the short-lived answers to
 * "which version does this alias point at" (per tenant: visibility is per tenant), and what each
 * alias currently serves. When an alias moves, the new version is loaded and warmed in the
 * background while the old one keeps answering; the switch happens once the new one is ready.
 */
@ApplicationScoped
public class ModelCache {

  @Inject RegistryClient registry;
  @Inject ModelLoader loader;
  @Inject InferenceConfig config;

  private final Map<String, LoadedModel> loaded = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<LoadedModel>> loading = new ConcurrentHashMap<>();
  private final Map<String, LoadedModel> serving = new ConcurrentHashMap<>();
  private final Map<String, Resolution> resolutions = new ConcurrentHashMap<>();
  private final ExecutorService loads =
      Executors.newFixedThreadPool(
          1,
          r -> {
            Thread thread = new Thread(r, "model-loader");
            thread.setDaemon(true);
            return thread;
          });

  private record Resolution(ModelVersionInfo info, long expiresAtNanos) {}

  /** The model that answers for a version or alias now, loading and warming it on first use. */
  public LoadedModel get(String tenant, String model, String versionOrAlias, String bearer) {
    String route = tenant + "\n" + model + "\n" + versionOrAlias;
    ModelVersionInfo info = resolve(route, model, versionOrAlias, bearer);
    LoadedModel ready = loaded.get(info.key());
    if (ready != null) {
      serving.put(route, ready);
      return ready;
    }
    CompletableFuture<LoadedModel> load =
        loading.computeIfAbsent(info.key(), key -> startLoad(key, info, bearer));
    LoadedModel current = serving.get(route);
    if (current != null) {
      return current; // keep answering with the old version until the new one is warm
    }
    LoadedModel first = await(load);
    serving.put(route, first);
    return first;
  }

  /** An alias of {@code model} moved (a registry event): ask the registry again next time. */
  public void aliasMoved(String model) {
    resolutions.keySet().removeIf(route -> route.split("\n", 3)[1].equals(model));
  }

  private CompletableFuture<LoadedModel> startLoad(
      String key, ModelVersionInfo info, String bearer) {
    LoadedModel already = loaded.get(key);
    if (already != null) {
      return CompletableFuture.completedFuture(already);
    }
    return CompletableFuture.supplyAsync(
            () -> loader.load(info, registry.artifact(info.sha256(), bearer)), loads)
        .whenComplete(
            (model, failure) -> {
              if (model != null) {
                loaded.put(key, model);
              }
              loading.remove(key);
            });
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
    Resolution cached = resolutions.get(route);
    if (cached != null && cached.expiresAtNanos > now) {
      return cached.info;
    }
    ModelVersionInfo info = registry.version(model, versionOrAlias, bearer);
    resolutions.put(route, new Resolution(info, now + config.inference().aliasTtl().toNanos()));
    return info;
  }

  @PreDestroy
  void closeAll() {
    loads.shutdownNow();
    loaded.values().forEach(LoadedModel::close);
    loaded.clear();
  }
}
