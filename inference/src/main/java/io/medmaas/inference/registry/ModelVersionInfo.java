package io.medmaas.inference.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.common.digest.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * What the registry says about a model version.
 *
 * @param cardDigest the SHA-256 of the card as the registry sent it; computed here, never read
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelVersionInfo(
    String model,
    String version,
    String stage,
    String owner,
    String sha256,
    JsonNode signature,
    JsonNode verification,
    JsonNode card,
    String cardDigest) {

  public ModelVersionInfo {
    cardDigest =
        card == null || card.isNull()
            ? "-"
            : Sha256.hex(card.toString().getBytes(StandardCharsets.UTF_8));
  }

  public ModelVersionInfo(
      String model,
      String version,
      String stage,
      String owner,
      String sha256,
      JsonNode signature,
      JsonNode verification,
      JsonNode card) {
    this(model, version, stage, owner, sha256, signature, verification, card, null);
  }

  /**
   * Key of the loaded model: whose it is, which version, the artifact's digest and the card's. Two
   * owners' versions with equal names and bytes are two loaded models, each decoding its requests
   * with its own card; a version whose card changed is loaded again.
   */
  public String key() {
    return owner + "/" + model + "@" + version + "#" + sha256 + "/" + cardDigest;
  }
}
