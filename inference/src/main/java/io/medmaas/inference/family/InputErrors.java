package io.medmaas.inference.family;

import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import java.util.ArrayList;
import java.util.List;

/** Collects what is wrong with a request's instances; raised as one 422 naming each place. */
public final class InputErrors {

  private static final int MAX_LISTED = 50;
  private final List<String> errors = new ArrayList<>();

  public void add(String where, String rule) {
    errors.add(where + ": " + rule);
  }

  public boolean any() {
    return !errors.isEmpty();
  }

  /** Throws a 422 problem when anything was found. */
  public void raiseIfAny() {
    if (errors.isEmpty()) {
      return;
    }
    throw new ProblemException(
        ProblemType.UNPROCESSABLE,
        "Invalid instance: " + errors.get(0) + (errors.size() > 1 ? " (and more)" : ""),
        errors.subList(0, Math.min(errors.size(), MAX_LISTED)));
  }
}
