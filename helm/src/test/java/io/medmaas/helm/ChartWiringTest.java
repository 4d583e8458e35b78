package io.medmaas.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * How the chart wires the services: the secrets it makes (and keeps), that no secret reaches a
 * ConfigMap or a literal environment value, that only the gateway mounts the signing key, and that
 * only the migration init containers hold the schema owners' passwords.
 */
class ChartWiringTest {

  private static final Set<String> SECRET_WORDS = Set.of("PASSWORD", "SECRET", "KEY_ID", "_KEY");

  @Test
  void theChartGeneratesTheSymmetricSecretsOnceAndKeepsThem() {
    Chart chart = Chart.rendered(Map.of());
    Secret database = chart.named(Secret.class, "medmaas-database");
    assertEquals(
        Set.of(
            "registry-owner", "registry-app", "tenancy-owner", "tenancy-app", "events", "gateway"),
        database.getData().keySet());
    Secret keys = chart.named(Secret.class, "medmaas-keys");
    assertEquals(
        Set.of(
            "audit-digest-key",
            "api-key-hash-key",
            "artifact-encryption-key",
            "console-state-secret"),
        keys.getData().keySet());
    Set<String> values = new HashSet<>();
    for (Secret secret : List.of(database, keys)) {
      assertEquals("keep", secret.getMetadata().getAnnotations().get("helm.sh/resource-policy"));
      for (String value : secret.getData().values()) {
        byte[] raw = Base64.getDecoder().decode(Base64.getDecoder().decode(value));
        assertEquals(32, raw.length, "32 random bytes");
        assertTrue(values.add(value), "every secret is its own");
      }
    }
  }

  @Test
  void anUpgradeKeepsTheSecretsTheClusterHolds() {
    String kept = Base64.getEncoder().encodeToString("the key sealing every model".getBytes());
    FakeKubernetesApi.putSecret(
        "medmaas-keys",
        Map.of(
            "audit-digest-key", kept,
            "api-key-hash-key", kept,
            "artifact-encryption-key", kept,
            "console-state-secret", kept));
    try {
      Chart upgrade = Chart.rendered(Map.of());
      Secret keys = upgrade.named(Secret.class, "medmaas-keys");
      assertEquals(kept, keys.getData().get("artifact-encryption-key"));
      assertEquals(4, keys.getData().size());
      // the database Secret is not there yet: made anew, not copied from the other
      Secret database = upgrade.named(Secret.class, "medmaas-database");
      assertFalse(database.getData().containsValue(kept));
    } finally {
      FakeKubernetesApi.clear();
    }
    assertFalse(
        Chart.rendered(Map.of()).named(Secret.class, "medmaas-keys").getData().containsValue(kept),
        "a first install makes its own");
  }

  @Test
  void namedSecretsAreUsedAndNotGenerated() {
    Chart chart = Chart.rendered(Optional.of(Chart.LARGE), Map.of());
    assertTrue(chart.all(Secret.class).isEmpty(), "the large values name existing Secrets");
    PodSpec gateway = chart.deployment("gateway").getSpec().getTemplate().getSpec();
    Set<String> referenced =
        gateway.getContainers().get(0).getEnv().stream()
            .filter(e -> e.getValueFrom() != null)
            .map(e -> e.getValueFrom().getSecretKeyRef().getName())
            .collect(Collectors.toSet());
    assertEquals(Set.of("medmaas-database", "medmaas-keys", "medmaas-internal-token"), referenced);
  }

  @Test
  void noSecretValueIsInAConfigMapOrALiteralEnvironmentValue() {
    Chart chart = Chart.rendered(Map.of());
    List<String> secrets =
        chart.all(Secret.class).stream()
            .flatMap(s -> s.getData().values().stream())
            .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8))
            .toList();
    // 6 passwords, 4 symmetric keys, the token key (its PEM, id, certificate, and as the signing
    // key), the key set and the audit key
    assertEquals(17, secrets.size());
    List<ConfigMap> configMaps = chart.all(ConfigMap.class);
    assertEquals(5, configMaps.size());
    for (ConfigMap map : configMaps) {
      for (String data : map.getData().values()) {
        for (String secret : secrets) {
          assertFalse(data.contains(secret), map.getMetadata().getName() + " holds a secret");
        }
        assertFalse(
            data.toLowerCase(java.util.Locale.ROOT).matches("(?s).*(password|secret)\\s*=.*"),
            map.getMetadata().getName() + " sets a password");
      }
    }
    for (var deployment : chart.all(io.fabric8.kubernetes.api.model.apps.Deployment.class)) {
      for (Container c : containers(deployment.getSpec().getTemplate().getSpec())) {
        for (EnvVar env : c.getEnv()) {
          boolean secretName = SECRET_WORDS.stream().anyMatch(env.getName()::contains);
          if (secretName) {
            assertNull(env.getValue(), env.getName() + " is a literal in " + c.getName());
            assertTrue(env.getValueFrom().getSecretKeyRef() != null, env.getName());
          }
          if (env.getValue() != null) {
            assertFalse(secrets.contains(env.getValue()), env.getName());
          }
        }
      }
    }
  }

  @Test
  void onlyTheGatewayMountsTheSigningKeyTheOthersOnlyThePublicKeySet() {
    // the chart's own key set is certificates; a named one, a JWKS
    for (Chart chart : Chart.bothValueSets()) {
      String keySet = chart.all(Secret.class).isEmpty() ? "keys.jwks" : "keys.pem";
      for (String service : Chart.SERVICES) {
        Set<String> files =
            secretFiles(chart.deployment(service).getSpec().getTemplate().getSpec());
        switch (service) {
          case "gateway" -> assertEquals(Set.of("signing-key.pem"), files);
          case "registry" -> assertEquals(Set.of(keySet, "audit-signing-key.pem"), files);
          case "inference", "tenant-admin" -> assertEquals(Set.of(keySet), files);
          default -> assertEquals(Set.of(), files, service);
        }
      }
    }
  }

  @Test
  void migrationsRunInInitContainersThatAloneHoldTheOwnersPasswords() {
    Chart chart = Chart.rendered(Map.of());
    for (String service : Chart.SERVICES) {
      PodSpec pod = chart.deployment(service).getSpec().getTemplate().getSpec();
      Container main = pod.getContainers().get(0);
      assertFalse(
          secretKeys(main).stream().anyMatch(k -> k.endsWith("-owner")),
          service + " runs without an owner's password");
      if (service.equals("registry") || service.equals("tenant-admin")) {
        assertEquals(1, pod.getInitContainers().size(), service);
        Container migrate = pod.getInitContainers().get(0);
        assertEquals(main.getImage(), migrate.getImage(), "the service's own Flyway");
        String owner = service.equals("registry") ? "registry-owner" : "tenancy-owner";
        assertEquals(
            Set.of(owner),
            secretKeys(migrate).stream()
                .filter(k -> k.endsWith("-owner"))
                .collect(Collectors.toSet()));
        Map<String, String> literal =
            migrate.getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertEquals("true", literal.get("QUARKUS_INIT_AND_EXIT"));
        assertEquals("true", literal.get("QUARKUS_FLYWAY_MIGRATE_AT_START"));
      } else {
        assertTrue(pod.getInitContainers().isEmpty(), service);
      }
    }
  }

  @Test
  void keyFilesAreMountedOneByOneSoARunningPodKeepsTheKeyItStartedWith() {
    Chart chart = Chart.rendered(Map.of());
    for (String service : Chart.SERVICES) {
      Container c =
          chart.deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0);
      for (var mount : c.getVolumeMounts()) {
        if (mount.getMountPath().startsWith("/etc/medmaas/internal-token")
            || mount.getMountPath().startsWith("/etc/medmaas/audit-signing")) {
          assertEquals(
              mount.getMountPath().substring(mount.getMountPath().lastIndexOf('/') + 1),
              mount.getSubPath(),
              service + " " + mount.getMountPath());
        }
      }
    }
    Map<String, String> env =
        chart
            .deployment("gateway")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getEnv()
            .stream()
            .filter(e -> e.getValueFrom() != null)
            .collect(
                Collectors.toMap(
                    EnvVar::getName, e -> e.getValueFrom().getSecretKeyRef().getName()));
    assertEquals("medmaas-internal-token", env.get("SMALLRYE_JWT_SIGN_KEY_ID"));
    for (String verifier : List.of("registry", "inference", "tenant-admin")) {
      assertTrue(
          chart.deployment(verifier).getSpec().getTemplate().getSpec().getVolumes().stream()
              .anyMatch(
                  v ->
                      v.getSecret() != null
                          && v.getSecret().getSecretName().equals("medmaas-internal-token-keys")),
          verifier + " reads the key set from its own Secret");
    }
  }

  @Test
  void noSettingIsNamedLikeASecretAndTheGatewayTrustsOnlyTheIngressForClientAddresses() {
    for (Chart chart : Chart.bothValueSets()) {
      for (ConfigMap map : chart.all(ConfigMap.class)) {
        for (String line : map.getData().get("application.properties").lines().toList()) {
          String key = line.substring(0, Math.max(0, line.indexOf('=')));
          assertFalse(
              key.toLowerCase(java.util.Locale.ROOT).matches(".*(password|secret|key)$"),
              map.getMetadata().getName() + " sets " + key);
        }
      }
    }
    // the console passes its visitors' addresses on, so it reads them the same way
    Chart proxied = Chart.rendered(Map.of("ingress.trustedProxyCidrs[0]", "10.42.0.0/16"));
    for (String service : List.of("medmaas-gateway", "medmaas-ui")) {
      String settings =
          proxied.named(ConfigMap.class, service).getData().get("application.properties");
      assertTrue(settings.contains("quarkus.http.proxy.proxy-address-forwarding=true"), settings);
      assertTrue(settings.contains("quarkus.http.proxy.trusted-proxies=10.42.0.0/16"), settings);
    }
  }

  @Test
  void requireEncryptsTheGatewaysConnectionWithoutCheckingTheServer() {
    String gateway =
        Chart.rendered(Map.of("database.sslMode", "require"))
            .named(ConfigMap.class, "medmaas-gateway")
            .getData()
            .get("application.properties");
    assertTrue(gateway.contains("quarkus.datasource.reactive.postgresql.ssl-mode=require"));
    assertTrue(gateway.contains("quarkus.datasource.reactive.trust-all=true"), gateway);
  }

  @Test
  void theDatabaseConnectionVerifiesTheServerWithItsCa() {
    Chart chart = Chart.rendered(Map.of());
    String registry =
        chart.named(ConfigMap.class, "medmaas-registry").getData().get("application.properties");
    assertTrue(
        registry.contains("sslmode=verify-full&sslrootcert=/etc/medmaas/postgres-ca/ca.crt"),
        registry);
    String gateway =
        chart.named(ConfigMap.class, "medmaas-gateway").getData().get("application.properties");
    assertTrue(gateway.contains("quarkus.datasource.reactive.postgresql.ssl-mode=verify-full"));
    assertTrue(
        gateway.contains("quarkus.datasource.reactive.hostname-verification-algorithm=HTTPS"));
    assertFalse(
        chart.deployment("ui").getSpec().getTemplate().getSpec().getVolumes().stream()
            .anyMatch(v -> v.getName().equals("postgres-ca")),
        "the console never talks to the database");
  }

  private static List<Container> containers(PodSpec pod) {
    return Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()).toList();
  }

  private static Set<String> secretKeys(Container c) {
    return c.getEnv().stream()
        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
        .map(e -> e.getValueFrom().getSecretKeyRef().getKey())
        .collect(Collectors.toSet());
  }

  private static Set<String> secretFiles(PodSpec pod) {
    Set<String> files = new HashSet<>();
    for (Volume v : pod.getVolumes()) {
      if (v.getSecret() != null && !v.getName().equals("postgres-ca")) {
        assertFalse(v.getSecret().getItems().isEmpty(), v.getName() + " names its files");
        v.getSecret().getItems().forEach(i -> files.add(i.getKey()));
      }
    }
    return files;
  }
}
