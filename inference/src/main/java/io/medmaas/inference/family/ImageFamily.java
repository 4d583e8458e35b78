package io.medmaas.inference.family;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.inference.engine.Tensor;
import io.medmaas.inference.explain.Explanation;
import io.medmaas.inference.explain.ExplanationBudget;
import java.util.ArrayList;
import java.util.List;

/**
 * A single-channel image classifier. An instance is {@code {"pixels": [[...], ...]}} (rows of 8-bit
 * grey levels, 0-255) or {@code {"png": "<base64>"}} (8-bit grey or colour, converted to grey);
 * either way exactly the card's width and height. Explained by occlusion: each patch of a grid is
 * hidden (set to the image's mean grey) and the drop in the positive class's probability is that
 * patch's importance.
 */
final class ImageFamily implements ModelFamily {

  private static final int MAX_GRID = 8;

  private final String inputName;
  private final int width;
  private final int height;
  private final Labels labels;

  ImageFamily(String inputName, int width, int height, Labels labels) {
    this.inputName = inputName;
    this.width = width;
    this.height = height;
    this.labels = labels;
  }

  @Override
  public List<Tensor> decode(JsonNode instance, String at, InputErrors errors) {
    float[] grey = new float[width * height];
    if (instance != null && instance.has("png")) {
      float[] decoded = PngImages.grey(instance.get("png"), width, height, at + ".png", errors);
      if (decoded != null) {
        grey = decoded;
      }
    } else if (instance != null && instance.has("pixels")) {
      readPixels(instance.get("pixels"), at + ".pixels", grey, errors);
    } else {
      errors.add(at, "must have 'pixels' (rows of grey levels 0-255) or 'png' (base64)");
    }
    return List.of(image(grey));
  }

  private void readPixels(JsonNode rows, String at, float[] grey, InputErrors errors) {
    if (rows == null || !rows.isArray() || rows.size() != height) {
      errors.add(at, "must be " + height + " rows of " + width + " grey levels");
      return;
    }
    for (int r = 0; r < height; r++) {
      JsonNode row = rows.get(r);
      if (!row.isArray() || row.size() != width) {
        errors.add(at + "[" + r + "]", "must be " + width + " grey levels");
        return;
      }
      for (int c = 0; c < width; c++) {
        JsonNode level = row.get(c);
        if (!level.isNumber() || level.asDouble() < 0 || level.asDouble() > 255) {
          errors.add(at + "[" + r + "][" + c + "]", "must be a grey level from 0 to 255");
          return;
        }
        grey[r * width + c] = (float) (level.asDouble() / 255.0);
      }
    }
  }

  private Tensor image(float[] grey) {
    return Tensor.single(inputName, new long[] {1, height, width}, grey);
  }

  @Override
  public Prediction interpret(List<Tensor> outputs) {
    return labels.predict(score(outputs));
  }

  @Override
  public double score(List<Tensor> outputs) {
    return outputs.get(0).data()[0];
  }

  @Override
  public Explanation explain(
      List<Tensor> instance, List<Tensor> outputs, ModelCalls calls, ExplanationBudget budget) {
    long start = System.nanoTime();
    int grid = Math.max(1, Math.min(MAX_GRID, (int) Math.sqrt(budget.maxEvaluations())));
    int cell = (Math.max(width, height) + grid - 1) / grid;
    int rows = (height + cell - 1) / cell;
    int columns = (width + cell - 1) / cell;
    float[] pixels = instance.get(0).data();
    float mean = 0;
    for (float p : pixels) {
      mean += p;
    }
    mean /= pixels.length;
    int size = width * height;
    float[] all = new float[rows * columns * size];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        int offset = (r * columns + c) * size;
        System.arraycopy(pixels, 0, all, offset, size);
        for (int y = r * cell; y < Math.min(height, (r + 1) * cell); y++) {
          for (int x = c * cell; x < Math.min(width, (c + 1) * cell); x++) {
            all[offset + y * width + x] = mean;
          }
        }
      }
    }
    Tensor occluded = new Tensor(inputName, new long[] {rows * columns, 1, height, width}, all);
    float[] probabilities = calls.run(List.of(occluded)).get(0).data();
    double full = score(outputs);
    int stride = probabilities.length / (rows * columns);
    List<List<Double>> values = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      List<Double> line = new ArrayList<>(columns);
      for (int c = 0; c < columns; c++) {
        line.add(Explanation.round(full - probabilities[(r * columns + c) * stride]));
      }
      values.add(line);
    }
    return new Explanation(
        "occlusion",
        "probability of '" + labels.positive() + "'",
        null,
        Explanation.round(full),
        null,
        null,
        new Explanation.Saliency(cell, rows, columns, values),
        new Explanation.Cost(
            rows * columns,
            budget.maxEvaluations(),
            (System.nanoTime() - start) / 1_000_000,
            null));
  }

  @Override
  public List<Tensor> warmup() {
    return List.of(image(new float[width * height]));
  }
}
