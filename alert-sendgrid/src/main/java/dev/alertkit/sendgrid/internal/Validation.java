package dev.alertkit.sendgrid.internal;

import dev.alertkit.ValidationException;
import java.util.regex.Pattern;

/** Validation helpers for the SendGrid module; every failure names the field and the rule. */
public final class Validation {
  private static final Pattern EMAIL =
      Pattern.compile(
          "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
              + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");

  private Validation() {}

  /**
   * Requires a non-null value.
   *
   * @param field the field name
   * @param value the value
   * @param <T> the value type
   * @return the value
   * @throws ValidationException when the value is null
   */
  public static <T> T required(String field, T value) {
    if (value == null) {
      throw new ValidationException(field, "is required");
    }
    return value;
  }

  /**
   * Requires a non-blank single line without control characters, at most {@code max} characters.
   *
   * @param field the field name
   * @param value the value
   * @param max the longest allowed length
   * @return the value
   * @throws ValidationException when the rule is broken
   */
  public static String singleLine(String field, String value, int max) {
    required(field, value);
    if (value.isBlank()) {
      throw new ValidationException(field, "must not be blank");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        throw new ValidationException(field, "must be a single line without control characters (found one at index " + i + ")");
      }
    }
    if (value.length() > max) {
      throw new ValidationException(field, "must be at most " + max + " characters (was " + value.length() + ")");
    }
    return value;
  }

  /**
   * Tells whether a string is a syntactically valid email address.
   *
   * @param value the candidate
   * @return true when valid
   */
  public static boolean isEmail(String value) {
    return value != null && value.length() <= 254 && EMAIL.matcher(value).matches();
  }

  /**
   * Requires a syntactically valid email address.
   *
   * @param field the field name
   * @param value the value
   * @return the trimmed address
   * @throws ValidationException when the address is missing or invalid
   */
  public static String email(String field, String value) {
    required(field, value);
    String trimmed = value.strip();
    if (!isEmail(trimmed)) {
      throw new ValidationException(field, "'" + value + "' is not a valid email address");
    }
    return trimmed;
  }
}
