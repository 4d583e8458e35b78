package io.medmaas.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart, without a cluster: Helm's own strict lint, the manifests it renders parsed into
 * Kubernetes objects and checked (a Deployment and a Service per service, selectors that match
 * their pods, every container with probes, resources and the hardened security context), and the
 * values schema refusing unknown keys and wrong types; with the defaults and with the values file
 * for a larger network.
 */
class ChartTest {

  @Test
  void theChartPassesHelmsStrictLintWithBothValueFiles() {
    for (var values : List.of(Chart.DIR.resolve("values.yaml"), Chart.LARGE)) {
      LintResult lint = Chart.lintWith(values);
      assertFalse(lint.isFailed(), values + ":\n" + String.join("\n", lint.getMessages()));
    }
  }

  @Test
  void everyServiceHasADeploymentWhosePodsItsServiceSelects() {
    for (Chart chart : Chart.bothValueSets()) {
      Map<String, Deployment> deployments =
          chart.all(Deployment.class).stream()
              .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d));
      Map<String, Service> services =
          chart.all(Service.class).stream()
              .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
      assertEquals(
          Chart.SERVICES.stream().map(s -> "medmaas-" + s).collect(Collectors.toSet()),
          deployments.keySet());
      assertEquals(deployments.keySet(), services.keySet());
      for (Deployment d : deployments.values()) {
        Map<String, String> pods = d.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
        assertTrue(pods.entrySet().containsAll(selector.entrySet()), d.getMetadata().getName());
        Map<String, String> serviceSelector =
            services.get(d.getMetadata().getName()).getSpec().getSelector();
        assertTrue(
            pods.entrySet().containsAll(serviceSelector.entrySet()),
            "the Service selects " + d.getMetadata().getName() + "'s pods");
        assertFalse(serviceSelector.isEmpty());
      }
    }
  }

  @Test
  void everyContainerHasProbesResourcesAndTheHardenedSecurityContext() {
    for (Chart chart : Chart.bothValueSets()) {
      for (Deployment d : chart.all(Deployment.class)) {
        String name = d.getMetadata().getName();
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), name);
        assertEquals(
            "RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), name);
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), name);
        assertFalse(pod.getTopologySpreadConstraints().isEmpty(), name + " spreads its replicas");
        for (Container c : pod.getContainers()) {
          assertNotNull(c.getStartupProbe(), name + " startup probe");
          assertNotNull(c.getLivenessProbe(), name + " liveness probe");
          assertNotNull(c.getReadinessProbe(), name + " readiness probe");
          for (var probe :
              List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
            assertTrue(probe.getHttpGet().getPath().startsWith("/q/health/"), name);
          }
        }
        for (Container c :
            Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream())
                .toList()) {
          assertFalse(c.getResources().getRequests().isEmpty(), name + " requests");
          assertFalse(c.getResources().getLimits().isEmpty(), name + " limits");
          var security = c.getSecurityContext();
          assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), name);
          assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), name);
          assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), name);
        }
      }
    }
  }

  @Test
  void everyServiceIsProbedOnItsManagementPortNotItsApis() {
    Chart chart = Chart.rendered(Map.of());
    for (String service : Chart.SERVICES) {
      Container c =
          chart.deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0);
      for (var probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
        assertEquals("management", probe.getHttpGet().getPort().getStrVal(), service);
      }
      assertTrue(c.getPorts().stream().anyMatch(p -> p.getName().equals("management")), service);
    }
  }

  @Test
  void unknownKeysAndWrongTypesAreRefusedByTheSchema() {
    for (Map<String, Object> wrong :
        List.<Map<String, Object>>of(
            Map.of("services.gateway.replica", "2"), // misspelt
            Map.of("surprise", "yes"), // unknown at the top
            Map.of("database.passwd", "hunter2"), // unknown, and a secret in values
            Map.of("services.gateway.replicas", "two"), // not a number
            Map.of("services.ui.resources.limits.memory", "lots"), // not a quantity
            Map.of("services.ui.replicas", "2"), // sessions live in one console
            Map.of("database.sslMode", "prefer"), // would fall back to plain text
            Map.of("database.sslMode", "disable"), // plain text
            // a config expression would send a secret to the issuer's host; a backslash would
            // swallow the next setting
            Map.of("platform.issuer", "https://login.example.org/${MEDMAAS_AUDIT_DIGEST_KEY}"),
            Map.of("platform.issuer", "https://login.example.org/realms/medmaas\\"),
            Map.of("ingress.annotations.x", "a\nb"),
            Map.of("database.caSecretName", ""), // verify-full with no CA
            Map.of("platform.issuer", "http://login.example.org/realms/medmaas"), // not https
            Map.of("ingress.gatewayHost", "api example org"), // not a host name
            Map.of("services.inference.autoscaling.targetCPUUtilization", "5"))) { // too low
      IllegalStateException refused =
          assertThrows(IllegalStateException.class, () -> Chart.rendered(wrong), wrong.toString());
      assertTrue(
          refused.getMessage().contains("schema"),
          "the schema refused it: " + refused.getMessage());
    }
    // the positive control: the same keys with good values render
    assertFalse(
        Chart.rendered(
                Optional.empty(),
                Map.of("services.gateway.replicas", "3", "database.sslMode", "require"))
            .all(Deployment.class)
            .isEmpty());
  }
}
