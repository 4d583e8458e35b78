package io.medmaas.inference.oip;

/**
 * A failure answered in the Open Inference Protocol's shape, {@code {"error": "..."}}, with its
 * HTTP status. Messages name inputs and rules, never values.
 */
public final class OipError extends RuntimeException {

  private final int status;

  public OipError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public static OipError badRequest(String message) {
    return new OipError(400, message);
  }

  public int status() {
    return status;
  }
}
