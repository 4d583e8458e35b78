package io.medmaas.inference.model;

import io.medmaas.inference.InferenceConfig;
import io.medmaas.inference.registry.ModelVersionInfo;
import io.medmaas.inference.registry.RegistryClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loaded model versions, keyed by model, version and artifact digest, and the short-lived answers
 * to "which version does this alias point at" (keyed per tenant: visibility is per tenant).
 */
@ApplicationScoped
public class ModelCache {

  @Inject RegistryClient registry;
  @Inject ModelLoader loader;
  @Inject InferenceConfig config;

  private final Map<String, LoadedModel> loaded = new ConcurrentHashMap<>();
  private final Map<String, Resolution> resolutions = new ConcurrentHashMap<>();

  private record Resolution(ModelVersionInfo info, long expiresAtNanos) {}

  /** The loaded model for a version or alias, loading and warming it on first use. */
  public LoadedModel get(String tenant, String model, String versionOrAlias, String bearer) {
    ModelVersionInfo info = resolve(tenant, model, versionOrAlias, bearer);
    return loaded.computeIfAbsent(
        info.key(), key -> loader.load(info, registry.artifact(info.sha256(), bearer)));
  }

  private ModelVersionInfo resolve(
      String tenant, String model, String versionOrAlias, String bearer) {
    String key = tenant + "\n" + model + "\n" + versionOrAlias;
    long now = System.nanoTime();
    Resolution cached = resolutions.get(key);
    if (cached != null && cached.expiresAtNanos > now) {
      return cached.info;
    }
    ModelVersionInfo info = registry.version(model, versionOrAlias, bearer);
    resolutions.put(key, new Resolution(info, now + config.inference().aliasTtl().toNanos()));
    return info;
  }

  @PreDestroy
  void closeAll() {
    loaded.values().forEach(LoadedModel::close);
    loaded.clear();
  }
}
