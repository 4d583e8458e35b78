package io.medmaas.common.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Building internal URLs from caller-given values. */
public final class PathSegments {

  private PathSegments() {}

  /**
   * A caller-given path segment (model name, version, tenant) encoded for a URL, so that it cannot
   * add segments, a query or a fragment to an internal call.
   */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
