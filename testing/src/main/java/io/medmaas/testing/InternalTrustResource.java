package io.medmaas.testing;

import io.medmaas.launcher.KeyMaterial;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Gives a service under test the public key of a fresh internal-token key pair, and {@link
 * InternalTokens} the private key to sign test tokens the way the gateway does. The keys are in the
 * form the Helm chart writes them ({@link ChartStyleKeys}: a PKCS#1 signing key, a key set of
 * certificates), so every service's tests run with those; {@code ./maas} and the end-to-end tests
 * use the other form (PKCS#8, a JWKS).
 */
public class InternalTrustResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    try {
      // the key set has two keys, as right after a rotation: tokens of either verify
      KeyMaterial previous = KeyMaterial.ensure(Files.createTempDirectory("medmaas-test-keys-old"));
      KeyMaterial keys = KeyMaterial.ensure(Files.createTempDirectory("medmaas-test-keys"));
      java.nio.file.Path keySet = Files.createTempFile("medmaas-test-keys", ".pem");
      Files.writeString(keySet, certificate(keys) + certificate(previous));
      java.nio.file.Path signingKey = keys.privateKey().resolveSibling("signing-key-pkcs1.pem");
      Files.writeString(signingKey, ChartStyleKeys.pkcs1(privateKey(keys)));
      InternalTokens.use(keys, previous);
      return Map.of(
          "mp.jwt.verify.publickey.location", keySet.toString(),
          "smallrye.jwt.sign.key.location", signingKey.toString(),
          "smallrye.jwt.sign.key.id", keys.keyId());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.security.PrivateKey privateKey(KeyMaterial keys) throws IOException {
    return io.medmaas.auditproof.RsaPem.privateKey(Files.readString(keys.privateKey()));
  }

  private static String certificate(KeyMaterial keys) throws IOException {
    java.security.PrivateKey key = privateKey(keys);
    return ChartStyleKeys.certificate(
        keys.keyId(), io.medmaas.auditproof.SignedHead.publicKeyOf(key), key);
  }

  @Override
  public void stop() {}
}
