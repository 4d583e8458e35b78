package io.medmaas.common.naming;

import java.util.regex.Pattern;

/**
 * The shapes of the identifiers medmaas accepts from callers: model names, version references and
 * tenant ids. One rule each, shared by the gateway (which refuses anything else before forwarding),
 * the registry and tenant-admin (which refuse to create anything else) and the audit record (which
 * stores nothing else).
 */
public final class Names {

  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}|production|staging");

  private Names() {}

  /** A model name: 2-63 lower-case letters, digits and dashes, not starting with a dash. */
  public static boolean isModel(String value) {
    return value != null && SLUG.matcher(value).matches();
  }

  /** A version reference: a version number, or the alias {@code production} or {@code staging}. */
  public static boolean isVersion(String value) {
    return value != null && VERSION.matcher(value).matches();
  }

  /** A tenant id: a slug of the same shape as a model name. */
  public static boolean isTenant(String value) {
    return value != null && SLUG.matcher(value).matches();
  }
}
