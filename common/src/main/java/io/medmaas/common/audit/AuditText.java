package io.medmaas.common.audit;

/**
 * What text an audit record may hold. A value is kept only if it is short and plainly printable:
 * well-formed Unicode with no control, format (bidirectional overrides), private-use, unassigned or
 * line-separator characters. PostgreSQL refuses a NUL byte outright, so a value that broke this
 * rule could fail a whole group-committed batch; a format character could make a record read as
 * something it is not.
 */
public final class AuditText {

  /** Stored in place of a caller-given value that is not of the expected shape. */
  public static final String INVALID = "(invalid)";

  private AuditText() {}

  /** Whether {@code value} is 1 to {@code max} printable characters. */
  public static boolean isPrintable(String value, int max) {
    if (value == null || value.isEmpty() || value.length() > max) {
      return false;
    }
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (!printable(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  /** {@code value} if printable, {@link #INVALID} otherwise; null stays null. */
  public static String bounded(String value, int max) {
    if (value == null) {
      return null;
    }
    return isPrintable(value, max) ? value : INVALID;
  }

  private static boolean printable(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR ->
          false;
      default -> true;
    };
  }
}
