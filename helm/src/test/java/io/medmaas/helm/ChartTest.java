package io.medmaas.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart, without a cluster: Helm's own strict lint, the manifests it renders parsed into
 * Kubernetes objects and checked (a Deployment and a Service per service, selectors that match
 * their pods, every container with probes, resources and the hardened security context), and the
 * values schema refusing unknown keys and wrong types.
 */
class ChartTest {

  private static final Path CHART = Path.of("medmaas").toAbsolutePath();
  private static final Set<String> SERVICES =
      Set.of("gateway", "registry", "inference", "tenant-admin", "ui");

  private static List<HasMetadata> rendered(Map<String, Object> set) {
    var template = new Helm(CHART).template().withName("medmaas");
    set.forEach(template::set);
    String yaml = template.call();
    Object parsed =
        Serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    @SuppressWarnings("unchecked")
    List<HasMetadata> objects =
        parsed instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) parsed);
    return objects;
  }

  @Test
  void theChartPassesHelmsStrictLint() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
  }

  @Test
  void everyServiceHasADeploymentWhosePodsItsServiceSelects() {
    List<HasMetadata> objects = rendered(Map.of());
    Map<String, Deployment> deployments =
        objects.stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d));
    Map<String, Service> services =
        objects.stream()
            .filter(Service.class::isInstance)
            .map(Service.class::cast)
            .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
    assertEquals(
        SERVICES.stream().map(s -> "medmaas-" + s).collect(Collectors.toSet()),
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

  @Test
  void everyContainerHasProbesResourcesAndTheHardenedSecurityContext() {
    for (HasMetadata object : rendered(Map.of())) {
      if (!(object instanceof Deployment d)) {
        continue;
      }
      String name = d.getMetadata().getName();
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), name);
      assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), name);
      assertFalse(pod.getTopologySpreadConstraints().isEmpty(), name + " spreads its replicas");
      for (Container c : pod.getContainers()) {
        assertNotNull(c.getStartupProbe(), name + " startup probe");
        assertNotNull(c.getLivenessProbe(), name + " liveness probe");
        assertNotNull(c.getReadinessProbe(), name + " readiness probe");
        assertTrue(c.getReadinessProbe().getHttpGet().getPath().startsWith("/q/health/"), name);
        assertFalse(c.getResources().getRequests().isEmpty(), name + " requests");
        assertFalse(c.getResources().getLimits().isEmpty(), name + " limits");
        var security = c.getSecurityContext();
        assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), name);
        assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), name);
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), name);
      }
    }
  }

  @Test
  void theGatewaysProbesUseItsManagementPortNotTheApis() {
    Deployment gateway =
        rendered(Map.of()).stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .filter(d -> d.getMetadata().getName().equals("medmaas-gateway"))
            .findFirst()
            .orElseThrow();
    Container c = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("management", c.getReadinessProbe().getHttpGet().getPort().getStrVal());
  }

  @Test
  void unknownKeysAndWrongTypesAreRefusedByTheSchema() {
    for (Map<String, Object> wrong :
        List.<Map<String, Object>>of(
            Map.of("services.gateway.replica", "2"), // misspelt
            Map.of("surprise", "yes"), // unknown at the top
            Map.of("services.gateway.replicas", "two"), // not a number
            Map.of("services.ui.resources.limits.memory", "lots"))) { // not a quantity
      IllegalStateException refused =
          assertThrows(IllegalStateException.class, () -> rendered(wrong), wrong.toString());
      assertTrue(
          refused.getMessage().contains("schema"),
          "the schema refused it: " + refused.getMessage());
    }
  }
}
