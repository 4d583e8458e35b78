package io.medmaas.testing;

import io.medmaas.launcher.KeyMaterial;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Gives a service under test the public key of a fresh internal-token key pair, and {@link
 * InternalTokens} the private key to sign test tokens the way the gateway does.
 */
public class InternalTrustResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    try {
      // the key set has two keys, as right after a rotation: tokens of either verify
      KeyMaterial previous = KeyMaterial.ensure(Files.createTempDirectory("medmaas-test-keys-old"));
      KeyMaterial keys = KeyMaterial.ensure(Files.createTempDirectory("medmaas-test-keys"));
      java.nio.file.Path keySet = Files.createTempFile("medmaas-test-keys", ".jwks");
      Files.writeString(
          keySet, KeyMaterial.keySet(java.util.List.of(keys.publicKey(), previous.publicKey())));
      InternalTokens.use(keys, previous);
      return Map.of(
          "mp.jwt.verify.publickey.location", keySet.toString(),
          "smallrye.jwt.sign.key.location", keys.privateKey().toString(),
          "smallrye.jwt.sign.key.id", keys.keyId());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {}
}
