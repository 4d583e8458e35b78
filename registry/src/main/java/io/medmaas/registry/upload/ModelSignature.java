package io.medmaas.registry.upload;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A model's inputs and outputs as ONNX Runtime reports them (-1: a dynamic dimension). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelSignature(List<Tensor> inputs, List<Tensor> outputs) {

  /** One named input or output. */
  public record Tensor(String name, String type, List<Long> shape) {}
}
