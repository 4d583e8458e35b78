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
      KeyMaterial keys = KeyMaterial.ensure(Files.createTempDirectory("medmaas-test-keys"));
      InternalTokens.use(keys);
      return Map.of(
          "mp.jwt.verify.publickey.location", keys.publicKey().toString(),
          "smallrye.jwt.sign.key.location", keys.privateKey().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {}
}
