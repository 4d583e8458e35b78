package io.medmaas.common.problem;

import java.util.List;

/** A failure the caller should see as a problem detail; the message must hold no input values. */
public class ProblemException extends RuntimeException {

  private final ProblemType type;
  private final List<String> errors;
  private final Integer retryAfterSeconds;

  public ProblemException(ProblemType type, String detail) {
    this(type, detail, null);
  }

  public ProblemException(ProblemType type, String detail, List<String> errors) {
    this(type, detail, errors, null);
  }

  private ProblemException(
      ProblemType type, String detail, List<String> errors, Integer retryAfterSeconds) {
    super(detail, null, false, false);
    this.type = type;
    this.errors = errors == null ? null : List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** An overload answer (429 or 503) that tells the caller when to try again. */
  public static ProblemException retryLater(ProblemType type, String detail, int seconds) {
    return new ProblemException(type, detail, null, Math.max(1, seconds));
  }

  /** Seconds for the {@code Retry-After} header, or null. */
  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
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
