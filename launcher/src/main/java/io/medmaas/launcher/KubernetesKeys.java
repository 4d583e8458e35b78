package io.medmaas.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RSA keys of a Kubernetes installation made outside the cluster, as the three Secrets the chart
 * then reads by name ({@code ./maas kubernetes-keys DIR}; without them the chart makes its own):
 * {@code <release>-internal-token} (the gateway's signing key and its id), {@code
 * <release>-internal-token-keys} (the key set the internal services verify with; apart, so that a
 * rotation publishes a new key before the gateway signs with it) and {@code
 * <release>-audit-signing} (the registry's audit head key and its public half). They are made with
 * the same code as a local run: PKCS#8 keys and a JWKS. The key files stay in {@code DIR} (private,
 * 0600): run it again with {@code --rotate} to start a rotation, whose key set lists the new key
 * and the one it replaces.
 */
final class KubernetesKeys {

  private KubernetesKeys() {}

  /** Makes (or, rotating, renews) the keys in {@code dir} and writes the two Secret manifests. */
  static Map<String, Path> write(Path dir, String release, String namespace, boolean rotate) {
    if (!release.matches("[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?")
        || !namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
      throw new IllegalArgumentException("release and namespace are Kubernetes names");
    }
    KeyMaterial keys = KeyMaterial.ensure(dir);
    if (rotate) {
      keys = keys.rotate();
    }
    Map<String, String> internalToken = new LinkedHashMap<>();
    internalToken.put("signing-key.pem", read(keys.privateKey()));
    internalToken.put("signing-key.id", keys.keyId());
    Map<String, String> keySet = Map.of("keys.jwks", read(keys.keySet()));
    Map<String, String> auditSigning = new LinkedHashMap<>();
    auditSigning.put("audit-signing-key.pem", read(keys.auditSigningKey()));
    auditSigning.put("audit-signing-public.pem", read(keys.auditSigningPublicKey()));
    Map<String, Path> written = new LinkedHashMap<>();
    written.put(
        release + "-internal-token",
        manifest(dir, release + "-internal-token", namespace, internalToken));
    written.put(
        release + "-internal-token-keys",
        manifest(dir, release + "-internal-token-keys", namespace, keySet));
    written.put(
        release + "-audit-signing",
        manifest(dir, release + "-audit-signing", namespace, auditSigning));
    return written;
  }

  private static Path manifest(Path dir, String name, String namespace, Map<String, String> data) {
    StringBuilder yaml =
        new StringBuilder()
            .append("apiVersion: v1\nkind: Secret\ntype: Opaque\nmetadata:\n")
            .append("  name: ")
            .append(name)
            .append("\n  namespace: ")
            .append(namespace)
            .append("\n  labels:\n    app.kubernetes.io/part-of: medmaas\ndata:\n");
    Base64.Encoder base64 = Base64.getEncoder();
    data.forEach(
        (key, value) ->
            yaml.append("  ")
                .append(key)
                .append(": ")
                .append(base64.encodeToString(value.getBytes(StandardCharsets.UTF_8)))
                .append('\n'));
    Path file = dir.resolve(name + ".secret.yaml");
    try {
      Files.deleteIfExists(file);
      KeyMaterial.writeSecret(file, yaml.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
