package dev.alertkit.sendgrid.internal;

import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.Checks;

/**
 * Validation for the SendGrid module: the same rules and messages as the core builders (every failure names the
 * field and the rule), so one implementation serves both.
 */
public final class Validation {
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
    return Checks.notNull(field, value);
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
    return Checks.singleLine(field, value, max);
  }

  /**
   * Tells whether a string is a syntactically valid email address.
   *
   * @param value the candidate
   * @return true when valid
   */
  public static boolean isEmail(String value) {
    return Checks.isEmail(value);
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
    return Checks.email(field, value);
  }
}
