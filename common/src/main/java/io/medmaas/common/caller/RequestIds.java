package io.medmaas.common.caller;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.UUID;
import java.util.regex.Pattern;

/** The request id travels as the {@code X-Request-Id} header and the internal token's claim. */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9-]{8,64}");

  private RequestIds() {}

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /** The request id from the headers, or null if absent or not a plain token. */
  public static String from(HttpHeaders headers) {
    if (headers == null) {
      return null;
    }
    String value = headers.getHeaderString(HEADER);
    return value != null && SAFE.matcher(value).matches() ? value : null;
  }
}
