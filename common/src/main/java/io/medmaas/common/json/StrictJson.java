package io.medmaas.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * JSON as every service reads it: a key given twice in one object is malformed (400), never "the
 * last one wins", so what a caller sent and what a service acted on cannot differ; nesting is
 * bounded well below Jackson's default.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

  /** Deepest nesting of arrays and objects in a request body. */
  public static final int MAX_DEPTH = 64;

  @Override
  public void customize(ObjectMapper mapper) {
    configure(mapper);
  }

  /** The same rules for a mapper a class makes itself. */
  public static ObjectMapper configure(ObjectMapper mapper) {
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
    return mapper;
  }
}
