package io.medmaas.inference.explain;

/**
 * How much an explanation may cost: at most {@code maxEvaluations} extra model evaluations (rows),
 * sampled with {@code seed} so that the same request gives the same explanation.
 */
public record ExplanationBudget(int maxEvaluations, long seed) {

  public ExplanationBudget {
    if (maxEvaluations < 1) {
      throw new IllegalArgumentException("The explanation budget must be positive");
    }
  }
}
