package io.medmaas.gateway.routes;

import io.medmaas.common.audit.AuditText;
import io.medmaas.common.naming.Names;
import io.vertx.core.http.HttpMethod;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Matches a request against the declared routes. Literal segments must match exactly; a parameter
 * segment is percent-decoded as strict UTF-8 and kept only if it is a valid name of its kind (a
 * model name, a version, a tenant id), otherwise it is {@link AuditText#INVALID}. Valid names are
 * plain ASCII slugs, so internal paths are built from them with no encoding at all.
 */
public final class RouteTable {

  /** Path parameters and the rule each must follow. */
  public static final Map<String, Predicate<String>> PARAMETERS =
      Map.of(
          "model",
          Names::isModel,
          "version",
          Names::isVersion,
          "tenant",
          Names::isTenant,
          "key",
          value -> value.matches("[0-9A-Za-z]{12}"));

  private record Compiled(Route route, List<String> segments) {}

  private final List<Compiled> routes;

  public RouteTable(List<Route> routes) {
    this.routes = routes.stream().map(r -> new Compiled(r, r.segments())).toList();
    for (Compiled c : this.routes) {
      for (String segment : c.segments) {
        if (isParameter(segment) && !PARAMETERS.containsKey(name(segment))) {
          throw new IllegalArgumentException("Unknown path parameter in " + c.route.path());
        }
      }
    }
  }

  public List<Route> routes() {
    return routes.stream().map(Compiled::route).toList();
  }

  /** The route for a method and a raw (still percent-encoded) path. */
  public RouteMatch match(HttpMethod method, String rawPath) {
    String[] segments = rawPath.substring(1).split("/", -1);
    Set<HttpMethod> allowed = new HashSet<>();
    Map<String, String> matchedParams = null;
    for (Compiled candidate : routes) {
      Map<String, String> params = matchPath(candidate.segments, segments);
      if (params == null) {
        continue;
      }
      if (candidate.route.method().equals(method)) {
        return new RouteMatch(candidate.route, params, Set.of(candidate.route.method()));
      }
      allowed.add(candidate.route.method());
      matchedParams = params;
    }
    return new RouteMatch(null, matchedParams == null ? Map.of() : matchedParams, allowed);
  }

  private static Map<String, String> matchPath(List<String> template, String[] segments) {
    if (template.size() != segments.length) {
      return null;
    }
    Map<String, String> params = null;
    for (int i = 0; i < segments.length; i++) {
      String expected = template.get(i);
      if (isParameter(expected)) {
        if (params == null) {
          params = new HashMap<>(4);
        }
        String name = name(expected);
        String value = decode(segments[i]);
        params.put(
            name, value != null && PARAMETERS.get(name).test(value) ? value : AuditText.INVALID);
      } else if (!expected.equals(segments[i])) {
        return null;
      }
    }
    return params == null ? Map.of() : params;
  }

  private static boolean isParameter(String segment) {
    return segment.length() > 2 && segment.charAt(0) == '{' && segment.endsWith("}");
  }

  private static String name(String segment) {
    return segment.substring(1, segment.length() - 1);
  }

  /** Percent-decodes a segment as strict UTF-8; null when it is not well-formed. */
  static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteBuffer bytes = ByteBuffer.allocate(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length()) {
          return null;
        }
        int hi = Character.digit(segment.charAt(i + 1), 16);
        int lo = Character.digit(segment.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.put((byte) (hi * 16 + lo));
        i += 2;
      } else if (c > 0x7f) {
        return null;
      } else {
        bytes.put((byte) c);
      }
    }
    bytes.flip();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** The methods a set of routes uses, for an {@code Allow} header. */
  public static String allowHeader(Set<HttpMethod> methods) {
    Set<String> names = new java.util.TreeSet<>();
    methods.forEach(m -> names.add(m.name()));
    return String.join(", ", names);
  }
}
