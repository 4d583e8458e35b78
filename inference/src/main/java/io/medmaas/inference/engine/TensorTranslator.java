package io.medmaas.inference.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves named tensors in and out of DJL's ONNX Runtime engine. Inputs go in the order given (each
 * named, so ONNX Runtime binds them by name); outputs come back with the names the graph gives
 * them. No NDArray maths: the pure ONNX Runtime engine lacks most operators.
 */
public final class TensorTranslator implements Translator<List<Tensor>, List<Tensor>> {

  private final List<String> outputNames;

  /** {@code outputNames}: the graph's outputs in order, used where the engine names none. */
  public TensorTranslator(List<String> outputNames) {
    this.outputNames = outputNames;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<Tensor> inputs) {
    NDList list = new NDList(inputs.size());
    for (Tensor input : inputs) {
      NDArray array =
          ctx.getNDManager().create(FloatBuffer.wrap(input.data()), new Shape(input.shape()));
      array.setName(input.name());
      list.add(array);
    }
    return list;
  }

  @Override
  public List<Tensor> processOutput(TranslatorContext ctx, NDList list) {
    List<Tensor> outputs = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      NDArray array = list.get(i);
      String name = array.getName();
      if (name == null || name.isEmpty()) {
        name = i < outputNames.size() ? outputNames.get(i) : "output_" + i;
      }
      outputs.add(new Tensor(name, array.getShape().getShape(), array.toFloatArray()));
    }
    return outputs;
  }

  /** No batchifier: the batcher already hands over whole batches. */
  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
