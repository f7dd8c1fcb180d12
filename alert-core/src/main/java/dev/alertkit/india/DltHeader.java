package dev.alertkit.india;

import dev.alertkit.ValidationException;
import java.util.Objects;

/**
 * A registered DLT header (sender id), exactly as registered: headers are case-sensitive and are sent without the
 * operator prefix ({@code VM-}) and without the category suffix ({@code -S}, {@code -T}, {@code -P},
 * {@code -G}) that operators add.
 *
 * <ul>
 *   <li>Transactional and service headers are letters ({@code A–Z}, {@code a–z}); 6 is the norm, 3–8 are
 *       accepted (the registry records a warning for lengths other than 6).
 *   <li>Promotional headers are exactly 6 digits whose first digit (1–8) is the preference category.
 * </ul>
 */
public final class DltHeader {

  /** What a header is registered for; decides its format. */
  public enum Type {
    /** Transactional header: letters. */
    TRANSACTIONAL,
    /** Service (implicit/explicit) or government header: letters. */
    SERVICE,
    /** Promotional header: 6 digits, first digit 1–8. */
    PROMOTIONAL
  }

  private final String value;
  private final Type type;

  private DltHeader(String value, Type type) {
    this.value = value;
    this.type = type;
  }

  /**
   * A header whose type follows from its format: 6 digits is {@link Type#PROMOTIONAL}, letters are
   * {@link Type#SERVICE}.
   *
   * @param value the header exactly as registered, e.g. {@code "ALRTKT"}
   * @return the header
   * @throws ValidationException when the value is blank, carries an operator prefix or category suffix, or fits
   *     neither format
   */
  public static DltHeader of(String value) {
    check(value);
    return new DltHeader(value, allDigits(value) ? Type.PROMOTIONAL : Type.SERVICE);
  }

  /**
   * A header of a given type.
   *
   * @param value the header exactly as registered
   * @param type its type
   * @return the header
   * @throws ValidationException when the value breaks the format of its type, carries an operator prefix or a
   *     category suffix, or either argument is null
   */
  public static DltHeader of(String value, Type type) {
    if (type == null) {
      throw new ValidationException("header.type", "is required");
    }
    check(value);
    boolean digits = allDigits(value);
    if (type == Type.PROMOTIONAL && !digits) {
      throw new ValidationException("header", "'" + value + "' is registered as promotional, so it must be 6 digits whose first digit is 1-8");
    }
    if (type != Type.PROMOTIONAL && digits) {
      throw new ValidationException(
          "header", "'" + value + "' is numeric: numeric headers are promotional; " + type.name().toLowerCase(java.util.Locale.ROOT) + " headers are letters A-Z");
    }
    return new DltHeader(value, type);
  }

  private static void check(String value) {
    if (value == null || value.isBlank()) {
      throw new ValidationException("header", "must not be blank");
    }
    if (value.length() > 3 && value.charAt(2) == '-' && Character.isLetter(value.charAt(0)) && Character.isLetter(value.charAt(1))) {
      throw new ValidationException(
          "header", "'" + value + "' carries the operator prefix '" + value.substring(0, 3) + "'; register and send the header without it: '"
              + value.substring(3) + "'");
    }
    int dash = value.lastIndexOf('-');
    if (dash > 0 && dash == value.length() - 2 && "STPGstpg".indexOf(value.charAt(dash + 1)) >= 0) {
      throw new ValidationException(
          "header", "'" + value + "' carries the category suffix '" + value.substring(dash) + "' that operators add; register and send the header without it: '"
              + value.substring(0, dash) + "'");
    }
    if (allDigits(value)) {
      if (value.length() != 6 || value.charAt(0) < '1' || value.charAt(0) > '8') {
        throw new ValidationException("header", "'" + value + "' is numeric, so it must be a promotional header of exactly 6 digits whose first digit is 1-8");
      }
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        throw new ValidationException(
            "header", "'" + value + "' must be letters A-Z only (transactional/service) or 6 digits (promotional); found '" + c + "' at index " + i);
      }
    }
    if (value.length() < 3 || value.length() > 8) {
      throw new ValidationException("header", "'" + value + "' must be 6 letters (3 to 8 accepted); it has " + value.length());
    }
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return !s.isEmpty();
  }

  /**
   * The header exactly as registered.
   *
   * @return the value
   */
  public String value() {
    return value;
  }

  /**
   * What the header is registered for.
   *
   * @return the type
   */
  public Type type() {
    return type;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DltHeader && ((DltHeader) o).value.equals(value) && ((DltHeader) o).type == type;
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, type);
  }

  @Override
  public String toString() {
    return value + " (" + type.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
