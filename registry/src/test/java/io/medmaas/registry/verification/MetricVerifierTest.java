package io.medmaas.registry.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricVerifierTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static MetricVerifier verifier() {
    MetricVerifier verifier = new MetricVerifier();
    verifier.tolerance = 0.02;
    return verifier;
  }

  @Test
  void classificationMetricsMatchTheirDefinitions() {
    double[] p = {0.9, 0.8, 0.3, 0.6, 0.1};
    boolean[] positive = {true, true, false, false, false};
    Map<String, Double> m = Metrics.classification(p, positive, 0.5);
    assertEquals(1.0, m.get("auc")); // every positive outranks every negative
    assertEquals(0.8, m.get("accuracy")); // 0.6 is a false positive
    assertEquals(1.0, m.get("sensitivity"));
    assertEquals(0.6667, m.get("specificity"));
    assertEquals(0.102, m.get("brier")); // (0.01 + 0.04 + 0.09 + 0.36 + 0.01) / 5
  }

  @Test
  void aucCountsTiesAsHalf() {
    assertEquals(0.5, Metrics.auc(new double[] {0.5, 0.5}, new boolean[] {true, false}));
  }

  @Test
  void regressionMetricsMatchTheirDefinitions() {
    Map<String, Double> m = Metrics.regression(new double[] {2, 4, 6}, new double[] {1, 4, 7});
    assertEquals(0.6667, m.get("mae"));
    assertEquals(0.8165, m.get("rmse"));
    assertEquals(0.8889, m.get("r2")); // 1 - 2 / 18
  }

  @Test
  void claimsWithinToleranceAreVerified() throws Exception {
    Verification v =
        verifier()
            .compare(
                JSON.readTree("{\"auc\":0.95,\"accuracy\":0.90}"),
                Map.of("auc", 0.94, "accuracy", 0.91, "brier", 0.05),
                100);
    assertEquals(Verification.VERIFIED, v.status());
    assertEquals(Map.of("auc", 0.95, "accuracy", 0.90), v.claimed());
  }

  @Test
  void anInflatedClaimLeavesTheVersionUnverified() throws Exception {
    Verification v =
        verifier()
            .compare(
                JSON.readTree("{\"auc\":0.99,\"mae\":40.0}"),
                Map.of("auc", 0.90, "mae", 40.5),
                100);
    assertEquals(Verification.UNVERIFIED, v.status());
    assertEquals(List.of("auc: claimed 0.99, measured 0.9"), v.differences());
  }

  @Test
  void aCardThatClaimsNothingIsNotVerified() throws Exception {
    Verification v = verifier().compare(JSON.readTree("{}"), Map.of("auc", 0.9), 10);
    assertEquals(Verification.UNVERIFIED, v.status());
    assertTrue(v.reason().contains("claims no metric"));
  }

  @Test
  void readsACsvValidationSetByColumnName() {
    ValidationSet set =
        ValidationSet.parseCsv(
            "b,a,label\n2,1,yes\n4,3,no\n".getBytes(), List.of("a", "b"), "label");
    assertEquals(2, set.instances().size());
    assertEquals(1.0, set.instances().get(0).get("a").asDouble());
    assertEquals(List.of("yes", "no"), set.labels());
  }

  @Test
  void readsAJsonValidationSetOfNativeInstances() {
    ValidationSet set =
        ValidationSet.parse(
            "  [{\"visits\":[{\"a\":1}],\"label\":\"event\"},{\"visits\":[],\"label\":\"no-event\"}]"
                .getBytes(),
            List.of("a"),
            "label");
    assertEquals(List.of("event", "no-event"), set.labels());
    assertEquals(1, set.instances().get(0).get("visits").size());
    assertTrue(set.instances().get(0).get("label") == null, "the label is not sent to the model");
  }

  @Test
  void jsonRecordWithoutALabelIsRefused() {
    org.junit.jupiter.api.Assertions.assertThrows(
        Unverifiable.class,
        () -> ValidationSet.parse("[{\"pixels\":[]}]".getBytes(), List.of(), "label"));
  }

  @Test
  void aNonNumericTargetIsNamedByRowWithoutQuotingTheCell() {
    ValidationSet set =
        ValidationSet.parseCsv(
            "age,target\n50,151\n61,Smith 1961-04-02\n".getBytes(), List.of("age"), "target");
    Unverifiable refused =
        org.junit.jupiter.api.Assertions.assertThrows(Unverifiable.class, set::numericLabels);
    assertEquals("validation row 2 has a non-numeric target", refused.getMessage());
  }
}
