package io.medmaas.tenancy.seed;

import io.medmaas.tenancy.tenant.service.TenantDirectory;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Seeds the two demo hospitals at first start of the local run. It is not a migration, so a
 * production database never receives them.
 */
@ApplicationScoped
public class DemoTenantSeeder {

  static final Map<String, String> DEMO_TENANTS =
      Map.of(
          "aurora-general", "Aurora General Hospital (demo)",
          "cedar-valley", "Cedar Valley Clinic (demo)");

  /**
   * Aurora General may use the whole demo pack; Cedar Valley only the two tabular models, so the
   * demo shows a platform model that a tenant is not entitled to (404 for it).
   */
  static final Map<String, List<String>> DEMO_ENTITLEMENTS =
      Map.of(
          "aurora-general",
          List.of(
              "breast-cancer-diagnosis",
              "diabetes-progression",
              "pbc-progression",
              "lesion-classifier",
              "breast-anomaly"),
          "cedar-valley",
          List.of("breast-cancer-diagnosis", "diabetes-progression"));

  private static final Logger LOG = Logger.getLogger(DemoTenantSeeder.class);

  @Inject TenantDirectory directory;

  @ConfigProperty(name = "medmaas.seed.demo-tenants")
  boolean enabled;

  @ConfigProperty(name = "medmaas.seed.issuer-base-url")
  Optional<String> issuerBaseUrl;

  @ConfigProperty(name = "medmaas.seed.audience")
  String audience;

  void onStart(@Observes StartupEvent event) {
    if (!enabled) {
      return;
    }
    String base =
        issuerBaseUrl.orElseThrow(
            () -> new IllegalStateException("medmaas.seed.issuer-base-url is required"));
    DEMO_TENANTS.forEach(
        (id, name) -> {
          if (directory.registerIfAbsent(id, name, base + id, audience)) {
            LOG.infof("Seeded demo tenant %s", id);
          }
          // also for a local database from before entitlements existed
          if (directory.entitlements(id).isEmpty()) {
            DEMO_ENTITLEMENTS.get(id).forEach(model -> directory.seedEntitlement(id, model));
            LOG.infof("Seeded demo entitlements of %s", id);
          }
        });
  }
}
