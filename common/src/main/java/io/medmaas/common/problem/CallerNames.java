package io.medmaas.common.problem;

import java.util.regex.Pattern;

/**
 * The one rule for naming back, in an error, a name the caller sent (an unknown feature, an unknown
 * tensor): only when it looks like a name, never when it looks like a value or an identifier (a run
 * of three digits, as in a record number or a date), so nothing a caller pasted is echoed.
 */
public final class CallerNames {

  private static final Pattern FEATURE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern TENSOR = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");
  private static final Pattern DIGIT_RUN = Pattern.compile("[0-9]{3}");

  private CallerNames() {}

  /** A feature key as sent, if it looks like a feature name (lower-case snake_case). */
  public static String feature(String name) {
    return looksLike(FEATURE, name) ? name : "<unrecognised key>";
  }

  /** A tensor name as sent, if it looks like one. */
  public static String tensor(String name) {
    return looksLike(TENSOR, name) ? name : "<unrecognised>";
  }

  private static boolean looksLike(Pattern shape, String name) {
    return name != null && shape.matcher(name).matches() && !DIGIT_RUN.matcher(name).find();
  }
}
