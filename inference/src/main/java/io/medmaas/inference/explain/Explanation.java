package io.medmaas.inference.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Why the model answered as it did for one instance. Which parts are present depends on the method:
 * feature attributions (tabular models, anomaly detector), per-visit importance (sequence model) or
 * an occlusion saliency grid (image model). {@code cost} says what it took.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Explanation(
    String method,
    String explains,
    Double baseline,
    Double prediction,
    List<Attribution> attributions,
    List<VisitImportance> visits,
    Saliency saliency,
    Cost cost) {

  /**
   * A feature's contribution to the explained value: positive raises it. {@code direction} says the
   * same in words.
   */
  public record Attribution(String feature, double contribution, String direction) {

    public static Attribution of(String feature, double contribution) {
      String direction = contribution > 0 ? "raises" : contribution < 0 ? "lowers" : "none";
      return new Attribution(feature, round(contribution), direction);
    }
  }

  /** How much leaving out visit {@code index} (0 = oldest) changes the explained value. */
  public record VisitImportance(int index, double importance) {}

  /**
   * Occlusion saliency: {@code grid[r][c]} is how much hiding the {@code cellSize} × {@code
   * cellSize} patch at row r, column c lowers the explained value.
   */
  public record Saliency(int cellSize, int rows, int columns, List<List<Double>> grid) {}

  /** Model evaluations spent, the budget they were bounded by, and the time taken. */
  public record Cost(int evaluations, int budget, long millis, Long seed) {}

  public static double round(double value) {
    return Math.round(value * 1_000_000) / 1_000_000.0;
  }
}
