package io.medmaas.inference.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/** What the registry says about a model version. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelVersionInfo(
    String model,
    String version,
    String stage,
    String owner,
    String sha256,
    JsonNode signature,
    JsonNode verification,
    JsonNode card) {

  /** Cache key of the loaded model: the content, so identical artifacts load once. */
  public String key() {
    return model + "@" + version + "#" + sha256;
  }
}
