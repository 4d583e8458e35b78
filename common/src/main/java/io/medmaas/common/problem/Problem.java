package io.medmaas.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail. It never carries a stack trace, a class name or a value the caller
 * sent: {@code detail} and {@code errors} name fields and rules, not inputs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String requestId, List<String> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";
  public static final String TYPE_BASE = "https://medmaas.io/problems/";

  public static Problem of(ProblemType type, String detail, String requestId) {
    return new Problem(
        TYPE_BASE + type.slug(), type.title(), type.status(), detail, requestId, null);
  }

  public Problem withErrors(List<String> errors) {
    return new Problem(type, title, status, detail, requestId, errors);
  }
}
