package io.medmaas.registry.audit.service;

import io.medmaas.auditproof.SignedHead;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The platform's audit signing key ({@code medmaas.audit.signing-key.location}, an RSA private key
 * in PKCS#8 PEM; a key of its own, never the internal-token key): it signs chain heads, and its
 * public half is handed to anyone who wants to verify them. Without it nothing is signed and asking
 * for a signed head is 503.
 */
@ApplicationScoped
public class HeadSigner {

  private static final Logger LOG = Logger.getLogger(HeadSigner.class);

  @ConfigProperty(name = "medmaas.audit.signing-key.location")
  Optional<String> location;

  private PrivateKey key;
  private PublicKey publicKey;
  private String keyId;

  @PostConstruct
  void load() {
    if (location.isEmpty()) {
      LOG.warn("medmaas.audit.signing-key.location is not set: chain heads are not signed");
      return;
    }
    try {
      key = SignedHead.privateKey(Files.readString(Path.of(location.get())));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the audit signing key", e);
    }
    publicKey = SignedHead.publicKeyOf(key);
    keyId = SignedHead.keyId(publicKey);
  }

  public SignedHead sign(String chain, long seq, String hash) {
    if (key == null) {
      throw ProblemException.retryLater(
          ProblemType.UNAVAILABLE, "Chain heads cannot be signed here: no signing key", 60);
    }
    return SignedHead.sign(chain, seq, hash, Instant.now(), key, keyId);
  }

  /** A head this key signed, as it states it; null when its JWS does not verify under this key. */
  public SignedHead verify(String jws) {
    if (publicKey == null) {
      return null;
    }
    try {
      return SignedHead.verify(jws, Map.of(keyId, publicKey));
    } catch (SignedHead.Invalid e) {
      LOG.warnf("A signed head kept in the audit store does not verify: %s", e.getMessage());
      return null;
    }
  }

  /** Signs the head of the last record a purge will remove: the chain's new start's anchor. */
  public SignedHead signAnchor(String chain, long seq, String hash) {
    if (key == null) {
      throw ProblemException.retryLater(
          ProblemType.UNAVAILABLE, "Chain heads cannot be signed here: no signing key", 60);
    }
    return SignedHead.sign(chain, seq, hash, Instant.now(), key, keyId, SignedHead.ANCHOR);
  }

  public boolean canSign() {
    return key != null;
  }

  /** The public keys that verify signed heads: {@code {"keys": [{"kid", "alg", "pem"}]}}. */
  public Map<String, List<Map<String, String>>> publicKeys() {
    return Map.of(
        "keys",
        publicKey == null
            ? List.of()
            : List.of(Map.of("kid", keyId, "alg", "RS256", "pem", SignedHead.pem(publicKey))));
  }
}
