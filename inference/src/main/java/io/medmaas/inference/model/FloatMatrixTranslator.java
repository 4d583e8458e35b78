package io.medmaas.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;

/**
 * Feeds a row-major batch {@code [rows][columns]} to the model's first input and returns its first
 * output as {@code [rows][outputs]}. No NDArray maths: the pure ONNX Runtime engine lacks most
 * operators, so the translator only moves buffers.
 */
public class FloatMatrixTranslator implements Translator<float[][], float[][]> {

  private final String inputName;

  public FloatMatrixTranslator(String inputName) {
    this.inputName = inputName;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, float[][] rows) {
    int columns = rows[0].length;
    float[] flat = new float[rows.length * columns];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * columns, columns);
    }
    NDArray array =
        ctx.getNDManager().create(FloatBuffer.wrap(flat), new Shape(rows.length, columns));
    array.setName(inputName);
    return new NDList(array);
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList list) {
    NDArray output = list.get(0);
    long[] shape = output.getShape().getShape();
    float[] flat = output.toFloatArray();
    int rows = (int) shape[0];
    int columns = rows == 0 ? 0 : flat.length / rows;
    float[][] result = new float[rows][columns];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * columns, result[r], 0, columns);
    }
    return result;
  }

  /** No batchifier: the caller already hands over a batch (see {@link NoopTranslator}). */
  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
