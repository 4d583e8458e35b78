package io.medmaas.gateway.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.problem.Problem;
import io.medmaas.common.problem.ProblemType;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * The one place that decides what an error the gateway produces itself looks like: RFC 9457
 * problem+json under {@code /api}, the Open Inference Protocol's {@code {"error": "..."}} under
 * {@code /v2} (which Triton's and KServe's clients parse). Errors the internal services answer are
 * relayed as they are: they follow the same rule.
 */
public final class ErrorShapes {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorShapes() {}

  public static Answer of(ApiFamily family, Rejection rejection, String requestId) {
    Answer answer = of(family, rejection.type(), rejection.getMessage(), requestId);
    rejection.headers().forEach(answer::header);
    if (rejection.closesConnection()) {
      answer.closingConnection();
    }
    return answer;
  }

  public static Answer of(ApiFamily family, ProblemType type, String detail, String requestId) {
    try {
      if (family == ApiFamily.OPEN_INFERENCE) {
        return new Answer(
            type.status(),
            "application/json",
            Buffer.buffer(JSON.writeValueAsBytes(Map.of("error", detail))),
            type.slug());
      }
      return new Answer(
          type.status(),
          Problem.MEDIA_TYPE,
          Buffer.buffer(JSON.writeValueAsBytes(Problem.of(type, detail, requestId))),
          type.slug());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a problem always serialises", e);
    }
  }
}
