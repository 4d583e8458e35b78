package io.medmaas.common.problem;

import java.util.List;

/** A failure the caller should see as a problem detail; the message must hold no input values. */
public class ProblemException extends RuntimeException {

  private final ProblemType type;
  private final List<String> errors;

  public ProblemException(ProblemType type, String detail) {
    this(type, detail, null);
  }

  public ProblemException(ProblemType type, String detail, List<String> errors) {
    super(detail, null, false, false);
    this.type = type;
    this.errors = errors == null ? null : List.copyOf(errors);
  }

  public ProblemType type() {
    return type;
  }

  public List<String> errors() {
    return errors;
  }

  public static ProblemException notFound(String what) {
    return new ProblemException(ProblemType.NOT_FOUND, what + " not found");
  }
}
