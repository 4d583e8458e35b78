package io.medmaas.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicies as rendered, read as flows: "from-peer:port" into each service and
 * "to-peer:port" out of it, where a peer is a medmaas service, a namespace or an address block.
 * Each service's flows are exactly the ones docs/deploy-kubernetes.md lists, so a new flow is a
 * deliberate change of this test.
 */
class NetworkPolicyTest {

  private static final String DNS = "to:any-namespace:53/UDP";
  private static final String DNS_TCP = "to:any-namespace:53/TCP";

  @Test
  void everythingOfTheReleaseIsDeniedFirst() {
    NetworkPolicy deny =
        Chart.rendered(Map.of()).named(NetworkPolicy.class, "medmaas-default-deny");
    assertEquals(
        Map.of("app.kubernetes.io/part-of", "medmaas", "app.kubernetes.io/instance", "medmaas"),
        deny.getSpec().getPodSelector().getMatchLabels());
    assertEquals(List.of("Ingress", "Egress"), deny.getSpec().getPolicyTypes());
    assertTrue(deny.getSpec().getIngress().isEmpty());
    assertTrue(deny.getSpec().getEgress().isEmpty());
  }

  @Test
  void eachServiceHasExactlyItsFlows() {
    Chart chart = Chart.rendered(Map.of());
    String db = "to:10.0.0.0/8:5432/TCP";
    String idp = "to:0.0.0.0/0:443/TCP";
    Map<String, Set<String>> expected =
        Map.of(
            "gateway",
            Set.of(
                "from:namespace/ingress-nginx:8080/TCP",
                "from:ui:8080/TCP",
                "from:namespace/monitoring:9080/TCP",
                "to:registry:8081/TCP",
                "to:inference:8082/TCP",
                "to:tenant-admin:8083/TCP",
                db,
                idp,
                DNS,
                DNS_TCP),
            "registry",
            Set.of(
                "from:gateway:8081/TCP",
                "from:namespace/monitoring:9081/TCP",
                "to:inference:8082/TCP",
                db,
                DNS,
                DNS_TCP),
            "inference",
            Set.of(
                "from:gateway:8082/TCP",
                "from:registry:8082/TCP",
                "from:namespace/monitoring:9082/TCP",
                "to:registry:8081/TCP",
                db,
                DNS,
                DNS_TCP),
            "tenant-admin",
            Set.of(
                "from:gateway:8083/TCP",
                "from:namespace/monitoring:9083/TCP",
                "to:registry:8081/TCP",
                db,
                idp,
                DNS,
                DNS_TCP),
            "ui",
            Set.of(
                "from:namespace/ingress-nginx:8084/TCP",
                "from:namespace/monitoring:9084/TCP",
                "to:gateway:8080/TCP",
                idp,
                DNS,
                DNS_TCP));
    for (String service : Chart.SERVICES) {
      NetworkPolicy policy = chart.named(NetworkPolicy.class, "medmaas-" + service);
      assertEquals(
          Map.of("app.kubernetes.io/instance", "medmaas", "app.kubernetes.io/name", service),
          policy.getSpec().getPodSelector().getMatchLabels());
      assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
      assertEquals(expected.get(service), flows(policy), service);
    }
  }

  @Test
  void theDatabaseIsReachableOnlyFromTheServicesThatUseIt() {
    Chart chart =
        Chart.rendered(
            Map.of("database.port", "6432", "database.egressCidrs[0]", "192.168.7.10/32"));
    for (String service : Chart.SERVICES) {
      boolean reaches =
          flows(chart.named(NetworkPolicy.class, "medmaas-" + service))
              .contains("to:192.168.7.10/32:6432/TCP");
      assertEquals(!service.equals("ui"), reaches, service);
    }
  }

  @Test
  void withoutPoliciesNoneIsRendered() {
    assertTrue(
        Chart.rendered(Map.of("networkPolicy.enabled", "false"))
            .all(NetworkPolicy.class)
            .isEmpty());
  }

  private static Set<String> flows(NetworkPolicy policy) {
    Set<String> flows = new HashSet<>();
    for (var rule : policy.getSpec().getIngress()) {
      add(flows, "from:", rule.getFrom(), rule.getPorts());
    }
    for (var rule : policy.getSpec().getEgress()) {
      add(flows, "to:", rule.getTo(), rule.getPorts());
    }
    return flows;
  }

  /**
   * A rule's flows. An empty peer list allows every peer and an empty port list every port: they
   * become ANY and ALL-PORTS, so that an allow-all rule shows as a flow no test expects.
   */
  private static void add(
      Set<String> flows,
      String direction,
      List<NetworkPolicyPeer> peers,
      List<NetworkPolicyPort> ports) {
    List<String> from =
        peers == null || peers.isEmpty()
            ? List.of("ANY")
            : peers.stream().map(NetworkPolicyTest::peer).toList();
    List<String> on =
        ports == null || ports.isEmpty()
            ? List.of("ALL-PORTS")
            : ports.stream().map(NetworkPolicyTest::port).toList();
    for (String peer : from) {
      for (String port : on) {
        flows.add(direction + peer + ":" + port);
      }
    }
  }

  private static String peer(NetworkPolicyPeer peer) {
    if (peer.getIpBlock() != null) {
      List<String> except = peer.getIpBlock().getExcept();
      return peer.getIpBlock().getCidr()
          + (except == null || except.isEmpty() ? "" : " except " + except);
    }
    if (peer.getNamespaceSelector() != null && peer.getPodSelector() != null) {
      return "namespace+pods " + peer.getNamespaceSelector() + " " + peer.getPodSelector();
    }
    if (peer.getNamespaceSelector() != null) {
      var labels = peer.getNamespaceSelector().getMatchLabels();
      return labels == null || labels.isEmpty()
          ? "any-namespace"
          : "namespace/" + labels.get("kubernetes.io/metadata.name");
    }
    var labels = peer.getPodSelector().getMatchLabels();
    assertEquals("medmaas", labels.get("app.kubernetes.io/instance"), "a pod of this release");
    return labels.get("app.kubernetes.io/name");
  }

  private static String port(NetworkPolicyPort port) {
    return port.getPort().getIntVal() + "/" + port.getProtocol();
  }
}
