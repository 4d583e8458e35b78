package io.medmaas.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Secrets {@code ./maas kubernetes-keys} writes for the chart, and a rotation. */
class KubernetesKeysTest {

  @TempDir Path dir;

  /** The data of a Secret manifest as written, decoded. */
  private static Map<String, String> data(Path manifest) throws Exception {
    Map<String, String> data = new LinkedHashMap<>();
    boolean inData = false;
    for (String line : Files.readAllLines(manifest)) {
      if (line.equals("data:")) {
        inData = true;
      } else if (inData && line.startsWith("  ")) {
        String[] kv = line.trim().split(": ", 2);
        data.put(kv[0], new String(Base64.getDecoder().decode(kv[1]), StandardCharsets.UTF_8));
      }
    }
    return data;
  }

  @Test
  void theSecretsHoldWhatTheChartMountsAndThePrivateFilesArePrivate() throws Exception {
    var written = KubernetesKeys.write(dir, "medmaas", "hospital-net", false);
    Path internal = written.get("medmaas-internal-token");
    Map<String, String> token = data(internal);
    assertEquals(java.util.Set.of("signing-key.pem", "signing-key.id"), token.keySet());
    assertTrue(token.get("signing-key.pem").startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8");
    Map<String, String> keySet = data(written.get("medmaas-internal-token-keys"));
    assertEquals(java.util.Set.of("keys.jwks"), keySet.keySet(), "no private key beside the set");
    assertTrue(keySet.get("keys.jwks").contains("\"kid\":\"" + token.get("signing-key.id") + "\""));
    assertTrue(Files.readString(internal).contains("namespace: hospital-net"));
    Map<String, String> audit = data(written.get("medmaas-audit-signing"));
    assertEquals(
        java.util.Set.of("audit-signing-key.pem", "audit-signing-public.pem"), audit.keySet());
    assertNotEquals(token.get("signing-key.pem"), audit.get("audit-signing-key.pem"));
    for (Path file : written.values()) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
    // run again: the same keys, not new ones
    var again = KubernetesKeys.write(dir, "medmaas", "hospital-net", false);
    assertEquals(token, data(again.get("medmaas-internal-token")));
  }

  @Test
  void aRotationSignsWithANewKeyAndStillListsTheOldOne() throws Exception {
    Map<String, String> before =
        data(KubernetesKeys.write(dir, "medmaas", "medmaas", false).get("medmaas-internal-token"));
    var rotated = KubernetesKeys.write(dir, "medmaas", "medmaas", true);
    Map<String, String> after = data(rotated.get("medmaas-internal-token"));
    assertNotEquals(before.get("signing-key.id"), after.get("signing-key.id"));
    assertNotEquals(before.get("signing-key.pem"), after.get("signing-key.pem"));
    String jwks = data(rotated.get("medmaas-internal-token-keys")).get("keys.jwks");
    assertTrue(jwks.contains("\"kid\":\"" + after.get("signing-key.id") + "\""), jwks);
    assertTrue(jwks.contains("\"kid\":\"" + before.get("signing-key.id") + "\""), jwks);
  }

  @Test
  void namesThatAreNotKubernetesNamesAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> KubernetesKeys.write(dir, "Medmaas\nkind: Pod", "medmaas", false));
    assertThrows(
        IllegalArgumentException.class, () -> KubernetesKeys.write(dir, "medmaas", "a/b", false));
  }
}
