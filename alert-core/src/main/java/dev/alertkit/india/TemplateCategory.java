package dev.alertkit.india;

import dev.alertkit.ValidationException;
import java.util.Locale;

/** The category a DLT content template is registered under. */
public enum TemplateCategory {
  /** Transactional (in practice: OTPs and alerts of banks); sent 24x7. */
  TRANSACTIONAL("transactional"),
  /** Service implicit (information to an existing customer, no explicit consent needed); sent 24x7. */
  SERVICE_IMPLICIT("service-implicit"),
  /**
   * Service explicit (needs the recipient's explicit consent); sent 24x7 by this library. Some operators merged it
   * into promotional in 2025; register such templates as {@link #PROMOTIONAL} to get the time window.
   */
  SERVICE_EXPLICIT("service-explicit"),
  /** Promotional: only inside the promotional window (10:00–21:00 Asia/Kolkata by default). */
  PROMOTIONAL("promotional"),
  /** Government; sent 24x7. */
  GOVERNMENT("government");

  private final String label;

  TemplateCategory(String label) {
    this.label = label;
  }

  /**
   * The name used in the CSV format, e.g. {@code "service-implicit"}.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * Whether templates of this category may only be sent inside the promotional time window.
   *
   * @return true for {@link #PROMOTIONAL}
   */
  public boolean isTimeRestricted() {
    return this == PROMOTIONAL;
  }

  /**
   * Reads a category as written in a CSV export: case-insensitive, spaces and underscores count as hyphens
   * ({@code "Service Implicit"}, {@code "SERVICE_IMPLICIT"}, {@code "service-implicit"}); the short forms
   * {@code T}, {@code SI}, {@code SE}, {@code P}, {@code G} are accepted too.
   *
   * @param text the category text
   * @return the category
   * @throws ValidationException when the text names no category
   */
  public static TemplateCategory parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ValidationException("category", "is required (one of transactional, service-implicit, service-explicit, promotional, government)");
    }
    String t = text.strip().toLowerCase(Locale.ROOT).replace(' ', '-').replace('_', '-');
    switch (t) {
      case "t":
      case "transactional":
        return TRANSACTIONAL;
      case "si":
      case "service-implicit":
        return SERVICE_IMPLICIT;
      case "se":
      case "service-explicit":
        return SERVICE_EXPLICIT;
      case "p":
      case "promotional":
        return PROMOTIONAL;
      case "g":
      case "government":
        return GOVERNMENT;
      default:
        throw new ValidationException(
            "category", "'" + text + "' is not a DLT template category (use transactional, service-implicit, service-explicit, promotional or government)");
    }
  }
}
