package io.medmaas.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The way in (Ingress), scaling (HorizontalPodAutoscalers) and disruption budgets. */
class ChartScalingTest {

  @Test
  void theIngressRoutesOnlyTheGatewayAndTheConsoleOverTls() {
    for (Chart chart : Chart.bothValueSets()) {
      List<Ingress> ingresses = chart.all(Ingress.class);
      assertEquals(1, ingresses.size());
      Ingress ingress = ingresses.get(0);
      Map<String, String> routes =
          ingress.getSpec().getRules().stream()
              .flatMap(
                  r ->
                      r.getHttp().getPaths().stream()
                          .map(p -> Map.entry(r.getHost(), p.getBackend().getService().getName())))
              .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      assertEquals(
          Map.of(
              "api.medmaas.example.org", "medmaas-gateway",
              "console.medmaas.example.org", "medmaas-ui"),
          routes);
      assertEquals(
          Set.copyOf(routes.keySet()), Set.copyOf(ingress.getSpec().getTls().get(0).getHosts()));
    }
  }

  @Test
  void gatewayAndInferenceScaleOnCpuAndInferenceOnItsQueueWhenAsked() {
    Chart small = Chart.rendered(Map.of());
    Map<String, HorizontalPodAutoscaler> scalers =
        small.all(HorizontalPodAutoscaler.class).stream()
            .collect(Collectors.toMap(h -> h.getMetadata().getName(), h -> h));
    assertEquals(Set.of("medmaas-gateway", "medmaas-inference"), scalers.keySet());
    for (var scaler : scalers.values()) {
      assertEquals(
          List.of("Resource"),
          scaler.getSpec().getMetrics().stream().map(m -> m.getType()).toList());
      String target = scaler.getSpec().getScaleTargetRef().getName();
      assertEquals(scaler.getMetadata().getName(), target);
      assertNull(
          small
              .named(io.fabric8.kubernetes.api.model.apps.Deployment.class, target)
              .getSpec()
              .getReplicas(),
          "the autoscaler, not the Deployment, sets the replicas");
    }
    HorizontalPodAutoscaler inference =
        Chart.rendered(Optional.of(Chart.LARGE), Map.of())
            .named(HorizontalPodAutoscaler.class, "medmaas-inference");
    var queue =
        inference.getSpec().getMetrics().stream()
            .filter(m -> m.getType().equals("Pods"))
            .findFirst()
            .orElseThrow();
    assertEquals("medmaas_inference_queued_requests", queue.getPods().getMetric().getName());
    assertEquals("8", queue.getPods().getTarget().getAverageValue().toString());
    assertEquals(4, inference.getSpec().getMinReplicas());
    assertEquals(24, inference.getSpec().getMaxReplicas());
  }

  @Test
  void withoutAutoscalingTheDeploymentSetsItsReplicasAndTheGatewaySharesItsQuotas() {
    Chart chart =
        Chart.rendered(
            Map.of(
                "services.gateway.autoscaling.enabled", "false", "services.gateway.replicas", "3"));
    assertEquals(3, chart.deployment("gateway").getSpec().getReplicas());
    assertTrue(
        chart
            .named(ConfigMap.class, "medmaas-gateway")
            .getData()
            .get("application.properties")
            .contains("medmaas.quotas.replicas=3"));
  }

  @Test
  void withAutoscalingEachGatewayKeepsItsShareOfTheMostGatewaysThereMayBe() {
    assertTrue(
        Chart.rendered(Map.of())
            .named(ConfigMap.class, "medmaas-gateway")
            .getData()
            .get("application.properties")
            .contains("medmaas.quotas.replicas=4"),
        "the autoscaler's maximum: a tenant never gets more than its limit");
  }

  @Test
  void theSingleConsoleIsReplacedNotDoubledOnAnUpgrade() {
    Chart chart = Chart.rendered(Map.of());
    assertEquals("Recreate", chart.deployment("ui").getSpec().getStrategy().getType());
    assertEquals("RollingUpdate", chart.deployment("gateway").getSpec().getStrategy().getType());
    assertEquals(
        0,
        chart
            .deployment("gateway")
            .getSpec()
            .getStrategy()
            .getRollingUpdate()
            .getMaxUnavailable()
            .getIntVal());
  }

  @Test
  void everyServiceHasADisruptionBudgetOverItsPods() {
    Chart chart = Chart.rendered(Map.of());
    for (String service : Chart.SERVICES) {
      PodDisruptionBudget budget = chart.named(PodDisruptionBudget.class, "medmaas-" + service);
      assertEquals(1, budget.getSpec().getMaxUnavailable().getIntVal(), service);
      Map<String, String> pods =
          chart.deployment(service).getSpec().getTemplate().getMetadata().getLabels();
      assertTrue(
          pods.entrySet().containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet()),
          service);
    }
  }
}
