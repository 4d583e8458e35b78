package io.medmaas.common.caller;

import io.medmaas.auditproof.RsaPem;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/** The internal-token key set as a JWKS, from the certificates the Helm chart writes. */
final class InternalKeySet {

  private InternalKeySet() {}

  /** A JWKS of the certificates' RSA keys, each with the key id its certificate names. */
  static String jwks(String certificates) {
    List<org.jose4j.jwk.JsonWebKey> keys = new ArrayList<>();
    try {
      for (Map.Entry<String, PublicKey> key : RsaPem.certificateKeys(certificates).entrySet()) {
        PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.getValue());
        jwk.setKeyId(key.getKey());
        jwk.setUse("sig");
        jwk.setAlgorithm("RS256");
        keys.add(jwk);
      }
    } catch (JoseException e) {
      throw new IllegalArgumentException("an unusable key-set certificate", e);
    }
    return new JsonWebKeySet(keys).toJson();
  }
}
