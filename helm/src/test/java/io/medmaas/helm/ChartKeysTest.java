package io.medmaas.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.medmaas.auditproof.RsaPem;
import io.medmaas.auditproof.SignedHead;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The RSA keys the chart generates when no Secret is named: the gateway's signing key is one the
 * services' own reader takes, its id is the one the key set names for its public half, the audit
 * key reads too, and a rotation goes through its three upgrades with two keys in the overlap, each
 * key kept as it was made.
 */
class ChartKeysTest {

  private static final String TOKEN = "medmaas-internal-token";
  private static final String KEY_SET = "medmaas-internal-token-keys";

  @AfterEach
  void forget() {
    FakeKubernetesApi.clear();
  }

  private static String text(Secret secret, String key) {
    String value = secret.getData().get(key);
    assertTrue(value != null, secret.getMetadata().getName() + " holds " + key);
    return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }

  /** Renders, then keeps what the cluster would now hold, as an upgrade's lookup would read it. */
  private static Chart installed(Map<String, Object> set) {
    Chart chart = Chart.rendered(set);
    for (String name : List.of(TOKEN, KEY_SET)) {
      FakeKubernetesApi.putSecret(name, chart.named(Secret.class, name).getData());
    }
    return chart;
  }

  /** The rotation values (--set takes a list item by item: helm-java quotes a list's commas). */
  private static Map<String, Object> rotation(int sign, int... verify) {
    Map<String, Object> set = new java.util.HashMap<>();
    set.put("secrets.generatedInternalTokenKeys.sign", sign);
    for (int i = 0; i < verify.length; i++) {
      set.put("secrets.generatedInternalTokenKeys.verify[" + i + "]", verify[i]);
    }
    return set;
  }

  @Test
  void theGeneratedKeysAreOnesTheServicesReadAndMatch() {
    Chart chart = Chart.rendered(Map.of());
    Secret token = chart.named(Secret.class, TOKEN);
    PrivateKey signing = RsaPem.privateKey(text(token, "signing-key.pem"));
    assertTrue(text(token, "signing-key.pem").startsWith("-----BEGIN RSA PRIVATE KEY-----"));
    String id = text(token, "signing-key.id");
    Map<String, PublicKey> keySet =
        RsaPem.certificateKeys(text(chart.named(Secret.class, KEY_SET), "keys.pem"));
    assertEquals(List.of(id), List.copyOf(keySet.keySet()));
    assertEquals(SignedHead.publicKeyOf(signing), keySet.get(id));
    assertEquals(
        1, chart.named(Secret.class, KEY_SET).getData().size(), "no private key in the key set");
    PrivateKey audit =
        RsaPem.privateKey(
            text(chart.named(Secret.class, "medmaas-audit-signing"), "audit-signing-key.pem"));
    assertNotEquals(SignedHead.publicKeyOf(signing), SignedHead.publicKeyOf(audit));
    for (String name : List.of(TOKEN, KEY_SET, "medmaas-audit-signing")) {
      assertEquals(
          "keep",
          chart
              .named(Secret.class, name)
              .getMetadata()
              .getAnnotations()
              .get("helm.sh/resource-policy"));
    }
  }

  @Test
  void aRotationPublishesTheNewKeyFirstThenSignsWithItThenDropsTheOld() {
    Chart first = installed(Map.of());
    String key1 = text(first.named(Secret.class, TOKEN), "key-1.pem");
    String id1 = text(first.named(Secret.class, TOKEN), "key-1.id");
    String cert1 = text(first.named(Secret.class, TOKEN), "key-1.crt");
    assertEquals(key1, text(Chart.rendered(Map.of()).named(Secret.class, TOKEN), "key-1.pem"));

    Chart publish = installed(rotation(1, 1, 2));
    Secret token = publish.named(Secret.class, TOKEN);
    assertEquals(key1, text(token, "key-1.pem"), "key 1 kept as it was");
    assertEquals(cert1, text(token, "key-1.crt"));
    assertEquals(key1, text(token, "signing-key.pem"), "still signing with key 1");
    String id2 = text(token, "key-2.id");
    assertNotEquals(id1, id2);
    Map<String, PublicKey> both =
        RsaPem.certificateKeys(text(publish.named(Secret.class, KEY_SET), "keys.pem"));
    assertEquals(List.of(id1, id2), List.copyOf(both.keySet()), "both verify in the overlap");

    Chart sign = installed(rotation(2, 1, 2));
    token = sign.named(Secret.class, TOKEN);
    assertEquals(text(token, "key-2.pem"), text(token, "signing-key.pem"));
    assertEquals(id2, text(token, "signing-key.id"));
    assertEquals(
        SignedHead.publicKeyOf(RsaPem.privateKey(text(token, "signing-key.pem"))), both.get(id2));

    Chart retire = installed(rotation(2, 2));
    token = retire.named(Secret.class, TOKEN);
    assertFalse(token.getData().containsKey("key-1.pem"), "the old private key is gone");
    assertEquals(
        List.of(id2),
        List.copyOf(
            RsaPem.certificateKeys(text(retire.named(Secret.class, KEY_SET), "keys.pem"))
                .keySet()));
    // each step is a values change, so the pods roll and read their mounted keys anew
    assertNotEquals(
        first.deployment("gateway").getSpec().getTemplate().getMetadata().getAnnotations(),
        sign.deployment("gateway").getSpec().getTemplate().getMetadata().getAnnotations());
    // but not the console's, which holds none of these keys: a restart would sign everyone out
    assertEquals(
        first.deployment("ui").getSpec().getTemplate().getMetadata().getAnnotations(),
        sign.deployment("ui").getSpec().getTemplate().getMetadata().getAnnotations());
  }

  @Test
  void aSigningKeyTheServicesDoNotVerifyWithOrOneSecretNamedAloneIsRefused() {
    IllegalStateException unverified =
        assertThrows(IllegalStateException.class, () -> Chart.rendered(rotation(2, 1)));
    assertTrue(unverified.getMessage().contains("must be one the services verify with"));
    IllegalStateException alone =
        assertThrows(
            IllegalStateException.class,
            () -> Chart.rendered(Map.of("secrets.internalTokenSecret", "my-token")));
    assertTrue(alone.getMessage().contains("name both, or neither"));
    for (Map<String, Object> wrong :
        List.of(rotation(1, 1, 2, 3), rotation(0, 1), rotation(1, 1, 1), rotation(1, 0))) {
      IllegalStateException refused =
          assertThrows(IllegalStateException.class, () -> Chart.rendered(wrong), wrong.toString());
      assertTrue(refused.getMessage().contains("schema"), refused.getMessage());
    }
  }

  private static String refusal(Map<String, Object> set) {
    return assertThrows(IllegalStateException.class, () -> Chart.rendered(set)).getMessage();
  }

  @Test
  void aRotationGoesOneStepAtATimeFromWhatTheClusterHolds() {
    installed(Map.of());
    // signing with a key no verifier has been given yet: step 1 skipped
    assertTrue(refusal(rotation(2, 1, 2)).contains("key 2 was never made"));
    installed(rotation(1, 1, 2));
    installed(rotation(2, 1, 2));
    // mid-rotation, an upgrade with the defaults would sign with 1 and drop 2 at once
    String midway = refusal(Map.of());
    assertTrue(midway.contains("key 2 signs now and must stay verifiable"), midway);
    assertTrue(midway.contains("signing with 2"), "it says where the rotation stands: " + midway);
    installed(rotation(2, 2));
    // after it, the defaults would make a new key 1 and switch everyone to it without overlap
    assertTrue(refusal(Map.of()).contains("key 1 was never made"));
    // the next rotation goes on from key 2
    installed(rotation(2, 2, 3));
  }

  @Test
  void keysMadeOutsideTheChartUnderItsNamesAreNotReplacedButMustBeNamed() {
    String pem = Base64.getEncoder().encodeToString("a key from ./maas".getBytes());
    FakeKubernetesApi.putSecret(TOKEN, Map.of("signing-key.pem", pem, "signing-key.id", pem));
    String refused = refusal(Map.of());
    assertTrue(refused.contains("made outside the chart"), refused);
    assertTrue(refused.contains("--set secrets.internalTokenSecret=" + TOKEN), refused);
  }
}
