package dev.alertkit.india;

import dev.alertkit.ValidationException;

/** Format rules for DLT numeric identifiers (principal entity id, content template id). */
final class DltIds {
  /** The length seen in practice. */
  static final int USUAL_LENGTH = 19;

  private DltIds() {}

  /**
   * Requires 12 to 19 ASCII digits.
   *
   * @throws ValidationException naming the field otherwise
   */
  static String check(String field, String id) {
    if (id == null || id.isBlank()) {
      throw new ValidationException(field, "is required");
    }
    for (int i = 0; i < id.length(); i++) {
      if (id.charAt(i) < '0' || id.charAt(i) > '9') {
        throw new ValidationException(field, "'" + id + "' must be digits only (19 in practice); found '" + id.charAt(i) + "' at index " + i);
      }
    }
    if (id.length() < 12 || id.length() > 19) {
      throw new ValidationException(field, "'" + id + "' must be 19 digits (12 to 19 accepted); it has " + id.length());
    }
    return id;
  }
}
