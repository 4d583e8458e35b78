package io.medmaas.common.http;

import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;

/** The paging rules of every listing of the API. */
public final class Pages {

  public static final int MAX_SIZE = 200;

  private Pages() {}

  public static void check(int page, int size) {
    if (page < 0 || size < 1 || size > MAX_SIZE) {
      throw new ProblemException(
          ProblemType.INVALID_INPUT, "page must be 0 or more and size between 1 and " + MAX_SIZE);
    }
    if ((long) page * size > Integer.MAX_VALUE) {
      throw new ProblemException(
          ProblemType.INVALID_INPUT, "page is past the last page any listing can have");
    }
  }

  /** A page or size parameter as sent: a whole number, else 400 (never a 404 or a 500). */
  public static int number(String name, String value) {
    if (value == null || !value.matches("[0-9]{1,9}")) {
      throw new ProblemException(ProblemType.INVALID_INPUT, name + " must be a whole number");
    }
    return Integer.parseInt(value);
  }
}
