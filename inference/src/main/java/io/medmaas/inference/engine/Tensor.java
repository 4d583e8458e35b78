package io.medmaas.inference.engine;

import java.util.Arrays;
import java.util.List;

/**
 * A named FP32 tensor, row-major, whose first dimension is the batch. All models of the pack take
 * and give FP32; a model with other tensor types is registered but not served (see {@link
 * Signature}).
 */
public record Tensor(String name, long[] shape, float[] data) {

  public Tensor {
    long count = 1;
    for (long dim : shape) {
      count *= dim;
    }
    if (count != data.length) {
      throw new IllegalArgumentException("Tensor data does not match its shape");
    }
  }

  /** A batch of one. */
  /**
   * The outputs, if every value is a finite number; else the request's answer is an error: a NaN or
   * an infinity is never returned as a prediction (nor as JSON text where a number belongs).
   */
  public static List<Tensor> requireFinite(List<Tensor> outputs) {
    for (Tensor output : outputs) {
      for (float value : output.data()) {
        if (!Float.isFinite(value)) {
          throw new io.medmaas.common.problem.ProblemException(
              io.medmaas.common.problem.ProblemType.UNPROCESSABLE,
              "The model's output for this input is not a finite number, so no prediction is"
                  + " returned; check the input's values");
        }
      }
    }
    return outputs;
  }

  public static Tensor single(String name, long[] itemShape, float[] data) {
    long[] shape = new long[itemShape.length + 1];
    shape[0] = 1;
    System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
    return new Tensor(name, shape, data);
  }

  public int rows() {
    return (int) shape[0];
  }

  /** Values per row. */
  public int rowSize() {
    return shape[0] == 0 ? 0 : data.length / (int) shape[0];
  }

  /** The shape without the batch dimension, as text: batches join only equal item shapes. */
  public String itemShapeKey() {
    return name + Arrays.toString(Arrays.copyOfRange(shape, 1, shape.length));
  }

  /** Rows {@code [from, from + count)}. */
  public Tensor slice(int from, int count) {
    int size = rowSize();
    long[] sliced = shape.clone();
    sliced[0] = count;
    return new Tensor(name, sliced, Arrays.copyOfRange(data, from * size, (from + count) * size));
  }

  /** One row's values. */
  public float[] row(int index) {
    int size = rowSize();
    return Arrays.copyOfRange(data, index * size, (index + 1) * size);
  }

  /** Tensors of equal item shape stacked along the batch dimension. */
  public static Tensor concat(List<Tensor> parts) {
    Tensor first = parts.get(0);
    if (parts.size() == 1) {
      return first;
    }
    int total = 0;
    int length = 0;
    for (Tensor part : parts) {
      total += part.rows();
      length += part.data.length;
    }
    float[] data = new float[length];
    int at = 0;
    for (Tensor part : parts) {
      System.arraycopy(part.data, 0, data, at, part.data.length);
      at += part.data.length;
    }
    long[] shape = first.shape.clone();
    shape[0] = total;
    return new Tensor(first.name, shape, data);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tensor t
        && name.equals(t.name)
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "Tensor[" + name + " " + Arrays.toString(shape) + "]"; // never the values
  }
}
