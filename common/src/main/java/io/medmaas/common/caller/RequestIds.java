package io.medmaas.common.caller;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id travels as the {@code X-Request-Id} header on every internal call (the internal
 * token is reused across a caller's requests, so it carries none).
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9-]{8,64}");

  private RequestIds() {}

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /** The request id if it is a plain token, else null. */
  public static String safe(String value) {
    return value != null && SAFE.matcher(value).matches() ? value : null;
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
