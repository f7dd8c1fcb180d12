package dev.alertkit.spi.support;

import java.time.Duration;
import dev.alertkit.ValidationException;
import java.util.regex.Pattern;

/**
 * Validation helpers for builders: every failure is a {@link ValidationException} that names the field and the rule
 * and never echoes a secret (an e-mail address is masked, a text's content is not repeated). Used by alert-core's
 * builders and by the provider modules' configurations, so that a range or a text rule reads the same everywhere.
 */
public final class Checks {
  private static final Pattern EMAIL =
      Pattern.compile(
          "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
              + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");

  private Checks() {}

  /**
   * Requires a non-null value.
   *
   * @param <T> the value's type
   * @param field the field name for the message
   * @param value the value
   * @return the value
   * @throws ValidationException naming the field when the value is null
   */
  public static <T> T notNull(String field, T value) {
    if (value == null) {
      throw new ValidationException(field, "is required");
    }
    return value;
  }

  /**
   * Requires a non-blank single-line string of at most {@code max} characters: no line break and no other control
   * character, and well-formed Unicode ({@link #wellFormed}).
   *
   * @param field the field name for the message
   * @param value the value
   * @param max the most characters (UTF-16 code units) allowed
   * @return the value
   * @throws ValidationException naming the field and the rule (and the index of a bad character, never the text)
   *     when the value is null, blank, has a control character, a lone surrogate or is too long
   */
  public static String singleLine(String field, String value, int max) {
    notNull(field, value);
    if (value.isBlank()) {
      throw new ValidationException(field, "must not be blank");
    }
    int bad = firstControl(value, false);
    if (bad >= 0) {
      throw new ValidationException(
          field, "must be a single line without control characters (found " + describe(value.charAt(bad)) + " at index " + bad + ")");
    }
    wellFormed(field, value);
    maxLength(field, value, max);
    return value;
  }

  /**
   * Requires a non-blank multi-line string (tabs and line breaks allowed) of at most {@code max} characters, without
   * other control characters, and well-formed Unicode ({@link #wellFormed}).
   *
   * @param field the field name for the message
   * @param value the value
   * @param max the most characters (UTF-16 code units) allowed
   * @return the value
   * @throws ValidationException naming the field and the rule (and the index of a bad character, never the text)
   *     when the value is null, blank, has another control character, a lone surrogate or is too long
   */
  public static String multiLine(String field, String value, int max) {
    notNull(field, value);
    if (value.isBlank()) {
      throw new ValidationException(field, "must not be blank");
    }
    int bad = firstControl(value, true);
    if (bad >= 0) {
      throw new ValidationException(
          field, "must not contain control characters other than tab and line breaks (found " + describe(value.charAt(bad)) + " at index " + bad + ")");
    }
    wellFormed(field, value);
    maxLength(field, value, max);
    return value;
  }

  /**
   * Requires well-formed UTF-16: every surrogate is half of a pair. A lone surrogate (for example an emoji cut in
   * half by {@code substring}) cannot be encoded as UTF-8, so no provider request could carry it.
   *
   * @param field the field name
   * @param value the value
   * @return the value
   * @throws ValidationException naming the field when the value is null, or the field and the index of the lone
   *     surrogate
   */
  public static String wellFormed(String field, String value) {
    notNull(field, value);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new ValidationException(field, "must be well-formed Unicode text (found a lone surrogate "
            + String.format("U+%04X", (int) c) + " at index " + i + ", e.g. half of an emoji cut by substring)");
      }
    }
    return value;
  }

  /**
   * Requires {@code min <= value <= max}.
   *
   * @param field the field name
   * @param value the value
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @return the value
   * @throws ValidationException naming the field, the bounds and the value when outside them
   */
  public static int range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ValidationException(field, "must be between " + min + " and " + max + " (was " + value + ")");
    }
    return value;
  }

  /**
   * Requires {@code min <= value <= max} for a duration.
   *
   * @param field the field name for the message
   * @param value the value
   * @param min the smallest allowed
   * @param max the largest allowed
   * @return the value
   * @throws ValidationException when null or outside the range (the message names the field and the range)
   */
  public static Duration range(String field, Duration value, Duration min, Duration max) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new ValidationException(field, "must be between " + min + " and " + max + " (was " + value + ")");
    }
    return value;
  }

  /**
   * Requires {@code value.length() <= max}.
   *
   * @param field the field name for the message
   * @param value the value, not null
   * @param max the most characters (UTF-16 code units) allowed
   * @return the value
   * @throws ValidationException naming the field, the limit and the length when the value is longer
   * @throws NullPointerException when the value is null
   */
  public static String maxLength(String field, String value, int max) {
    if (value.length() > max) {
      throw new ValidationException(field, "must be at most " + max + " characters (was " + value.length() + ")");
    }
    return value;
  }

  /**
   * Tells whether a string is a syntactically valid email address ({@code local@domain.tld}, at most 254
   * characters), without trimming.
   *
   * @param value the candidate, may be null
   * @return true when valid
   */
  public static boolean isEmail(String value) {
    return value != null && value.length() <= 254 && EMAIL.matcher(value).matches();
  }

  /**
   * Requires a syntactically valid email address ({@code local@domain.tld}, at most 254 characters) after
   * stripping surrounding white space.
   *
   * @param field the field name for the message
   * @param value the address
   * @return the address without surrounding white space
   * @throws ValidationException naming the field and what is wrong when the value is null or not an address; the
   *     message shows the address only masked ({@link Redaction#email})
   */
  public static String email(String field, String value) {
    notNull(field, value);
    String trimmed = value.strip();
    if (!isEmail(trimmed)) {
      // Never echo the whole address (personal data, and it may carry line breaks into a log line): say what is wrong.
      String why;
      if (firstControl(trimmed, false) >= 0) {
        why = "contains control characters";
      } else if (trimmed.indexOf('@') < 0) {
        why = "has no '@'";
      } else if (trimmed.length() > 254) {
        why = "is longer than 254 characters";
      } else {
        why = "'" + Redaction.email(trimmed) + "' does not have the form local@domain.tld";
      }
      throw new ValidationException(field, "is not a valid email address: " + why);
    }
    return trimmed;
  }

  /**
   * Tells whether a host names this machine's loopback interface without a DNS lookup: {@code localhost},
   * {@code 127.0.0.0/8} or {@code ::1}. Other names are not trusted, whatever they resolve to today.
   *
   * @param host the host of a URL, possibly in brackets, may be null
   * @return true for a loopback host
   */
  public static boolean isLoopbackHost(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String h = host.toLowerCase(java.util.Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost")) {
      return true;
    }
    if (h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
      return true;
    }
    return h.equals("::1") || h.matches("(0{1,4}:){7}0{0,3}1") || h.equals("0:0:0:0:0:0:0:1");
  }

  private static int firstControl(String value, boolean allowLineBreaks) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        if (!(allowLineBreaks && lineBreak)) {
          return i;
        }
      }
    }
    return -1;
  }

  private static String describe(char c) {
    switch (c) {
      case '\n':
        return "LF";
      case '\r':
        return "CR";
      case '\t':
        return "TAB";
      default:
        return String.format("U+%04X", (int) c);
    }
  }
}
