package io.medmaas.auditproof;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A chain exported for an outside party, as JSON lines ({@code application/x-ndjson}): first a
 * header naming the format ({@value #FORMAT}), the chain, its signed head (a JWS) and where the
 * export starts (place 1 and the genesis hash, or the first record kept after a purge and the hash
 * before it, which a signed head anchors), then each record from there to the head, in order, with
 * every field its hash covers.
 */
public final class ChainExport {

  public static final String FORMAT = "medmaas-audit-chain-v1";

  /**
   * Strict where it reads a record: a duplicate or unknown field, a number in the place of another
   * type, or a missing number is an error, so no reader can take from a line other values than the
   * ones its hash covers. The header may gain fields in later versions.
   */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /**
   * The first line's content: {@code anchor}, when the chain was purged, is the signed head of the
   * last record removed (at {@code from - 1}, with hash {@code prevHash}).
   */
  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  public record Header(
      String format, String chain, String head, long from, String prevHash, String anchor) {}

  private ChainExport() {}

  public static String headerLine(SignedHead head, long from, String prevHash, String anchor) {
    return write(new Header(FORMAT, head.chain(), head.jws(), from, prevHash, anchor));
  }

  public static String recordLine(AuditChain.Link record) {
    return write(record);
  }

  public static Header header(String line) throws IOException {
    JsonNode node = JSON.readTree(line);
    if (node == null || !FORMAT.equals(node.path("format").asText())) {
      throw new IOException("not a " + FORMAT + " export");
    }
    return new Header(
        node.path("format").asText(),
        node.path("chain").asText(null),
        node.path("head").asText(null),
        node.path("from").asLong(-1),
        node.path("prevHash").asText(null),
        node.path("anchor").asText(null));
  }

  public static AuditChain.Link record(String line) throws IOException {
    return JSON.readValue(line, AuditChain.Link.class);
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
