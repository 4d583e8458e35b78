package io.medmaas.registry.upload;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Optional;

/** A model's inputs and outputs as ONNX Runtime reports them (-1: a dynamic dimension). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelSignature(List<Tensor> inputs, List<Tensor> outputs) {

  /** One named input or output. */
  public record Tensor(String name, String type, List<Long> shape) {}

  public Optional<Tensor> input(String name) {
    return inputs.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public Optional<Tensor> output(String name) {
    return outputs.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
