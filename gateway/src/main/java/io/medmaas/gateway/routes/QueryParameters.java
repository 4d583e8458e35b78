package io.medmaas.gateway.routes;

import io.medmaas.common.audit.AuditText;
import io.medmaas.common.naming.Names;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The query parameters a route may pass on, and the shape each must have. A parameter a route does
 * not declare is not passed on; a declared one of the wrong shape is refused with 400. Query values
 * are never written to the audit log.
 */
public final class QueryParameters {

  private static final Pattern COUNT = Pattern.compile("[0-9]{1,7}");
  private static final Pattern WORD = Pattern.compile("[a-z]{1,16}");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
  private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9.-]{0,63}");
  private static final Pattern OUTCOME = Pattern.compile("[1-5]([0-9]{2}|xx)");

  private static final Map<String, Predicate<String>> RULES =
      Map.ofEntries(
          Map.entry("page", v -> COUNT.matcher(v).matches()),
          Map.entry("size", v -> COUNT.matcher(v).matches()),
          Map.entry("owner", v -> WORD.matcher(v).matches()),
          Map.entry("q", v -> v.isEmpty() || AuditText.isPrintable(v, 100)),
          Map.entry("from", v -> DATE.matcher(v).matches()),
          Map.entry("to", v -> DATE.matcher(v).matches()),
          Map.entry("tenant", v -> TENANT.matcher(v).matches()),
          Map.entry("tenantless", v -> v.equals("true") || v.equals("false")),
          Map.entry("cursor", v -> CURSOR.matcher(v).matches()),
          Map.entry("subject", v -> AuditText.isPrintable(v, 255)),
          Map.entry("client", v -> AuditText.isPrintable(v, 255)),
          Map.entry("action", v -> ACTION.matcher(v).matches()),
          Map.entry("model", Names::isModel),
          Map.entry("outcome", v -> OUTCOME.matcher(v).matches()),
          Map.entry("before", v -> DATE.matcher(v).matches()));

  private QueryParameters() {}

  /** Whether the route table may declare this parameter. */
  public static boolean known(String name) {
    return RULES.containsKey(name);
  }

  /** Whether a value (already percent-decoded) has the parameter's shape. */
  public static boolean valid(String name, String value) {
    return value != null && RULES.get(name).test(value);
  }
}
