package dev.alertkit.spring;

import dev.alertkit.ValidationException;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.core.env.Environment;

/** Small helpers for reading properties with environment-variable fallbacks and naming property paths. */
final class Properties {
  private Properties() {}

  /** The first non-blank of the property value and the given environment names (as Spring resolves them). */
  static String firstOf(String value, Environment env, String... names) {
    if (value != null && !value.isBlank()) {
      return value.strip();
    }
    for (String n : names) {
      String v = env.getProperty(n);
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }

  /** Runs an alertkit builder step and turns its {@link ValidationException} into one that names the property. */
  static <T> T building(String prefix, Supplier<T> build) {
    try {
      return build.get();
    } catch (ValidationException e) {
      throw new InvalidAlertkitPropertyException(property(prefix, e.field()), e.getMessage(), e);
    }
  }

  /**
   * Runs an alertkit builder step whose values all come from one property path, and turns its
   * {@link ValidationException} into one that names that path (with alertkit's message, which names the field).
   */
  static <T> T at(String path, Supplier<T> build) {
    try {
      return build.get();
    } catch (ValidationException e) {
      throw new InvalidAlertkitPropertyException(path, e.getMessage(), e);
    }
  }

  /**
   * The property path of an alertkit builder field: {@code accountSid} under {@code alertkit.twilio} is
   * {@code alertkit.twilio.account-sid}; a dotted field such as {@code routing.rules[x]} is already a path below
   * {@code alertkit}.
   */
  static String property(String prefix, String field) {
    return field.contains(".") ? "alertkit." + kebab(field) : prefix + "." + kebab(field);
  }

  /** {@code accountSid} → {@code account-sid}, per dotted segment. */
  static String kebab(String field) {
    StringBuilder s = new StringBuilder();
    for (char c : field.toCharArray()) {
      if (Character.isUpperCase(c)) {
        s.append('-').append(Character.toLowerCase(c));
      } else {
        s.append(c);
      }
    }
    return s.toString().toLowerCase(Locale.ROOT);
  }
}
