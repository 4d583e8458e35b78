package io.medmaas.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Signs an internal token the way the gateway does (RS256 with the key's kid, type
 * medmaas-internal+jwt, issuer medmaas-gateway, audiences medmaas-inference and medmaas-registry,
 * for inference resolves the version at the registry with it; entitled to the demo pack), for the
 * bench's direct hop to inference. It lives an hour: long enough for a run, and only this local
 * stack trusts its key.
 */
final class InternalTokenSigner {

  private InternalTokenSigner() {}

  static String clinician(Path privateKeyPem, String tenant) throws Exception {
    String pem =
        Files.readString(privateKeyPem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PrivateKey key =
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    long now = System.currentTimeMillis() / 1000;
    String kid =
        io.medmaas.launcher.KeyMaterial.keyId(
            privateKeyPem.resolveSibling("internal-token-public.pem"));
    String header = "{\"alg\":\"RS256\",\"typ\":\"medmaas-internal+jwt\",\"kid\":\"" + kid + "\"}";
    String claims =
        "{\"iss\":\"medmaas-gateway\",\"aud\":[\"medmaas-inference\",\"medmaas-registry\"],\"sub\":\"bench\","
            + "\"groups\":[\"clinical-system\"],\"tenant\":\""
            + tenant
            + "\",\"entitled\":[\"breast-cancer-diagnosis\",\"diabetes-progression\","
            + "\"pbc-progression\",\"lesion-classifier\",\"breast-anomaly\"],\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 3600)
            + "}";
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String unsigned =
        url.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key);
    signer.update(unsigned.getBytes(StandardCharsets.US_ASCII));
    return unsigned + "." + url.encodeToString(signer.sign());
  }
}
