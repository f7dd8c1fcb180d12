package dev.alertkit.spi.support;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.alertkit.ValidationException;
import java.util.Optional;

/**
 * Phone number parsing with libphonenumber, as alert-core does it: everything is stored as E.164
 * ({@code +919812345678}). A provider module or an emulator uses these to map a number to its region or country code
 * the same way core validated it.
 */
public final class PhoneNumbers {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private PhoneNumbers() {}

  /**
   * Parses a number as written by a person and returns it in E.164 form.
   *
   * @param field the field name for the error message
   * @param raw the number, e.g. {@code "+91 98123 45678"} or {@code "098123 45678"} with a default region
   * @param defaultRegion an ISO 3166 region code used when the number has no {@code +} country code, or null
   * @return the number in E.164, e.g. {@code "+919812345678"}
   * @throws ValidationException when the number is null, has no country code and no default region is set, or is not
   *     a possible number; the message quotes the number as given, so that a person can fix it (see
   *     {@link Redaction#phone} before logging it)
   */
  public static String toE164(String field, String raw, String defaultRegion) {
    Checks.notNull(field, raw);
    String trimmed = raw.strip();
    if (trimmed.startsWith("whatsapp:")) {
      trimmed = trimmed.substring("whatsapp:".length());
    }
    boolean international = trimmed.startsWith("+") || trimmed.startsWith("00");
    if (!international && defaultRegion == null) {
      throw new ValidationException(
          field, "'" + raw + "' has no country code (+...) and no default region is set; write it in international form");
    }
    PhoneNumber number;
    try {
      number = UTIL.parse(trimmed, international ? null : defaultRegion);
    } catch (NumberParseException e) {
      String why;
      switch (e.getErrorType()) {
        case INVALID_COUNTRY_CODE:
          why = "has an unknown country code";
          break;
        case TOO_SHORT_NSN:
        case TOO_SHORT_AFTER_IDD:
          why = "is too short to be a phone number";
          break;
        case TOO_LONG:
          why = "is too long to be a phone number";
          break;
        default:
          why = "is not a phone number";
      }
      throw new ValidationException(field, "'" + raw + "' " + why);
    }
    if (!UTIL.isPossibleNumber(number)) {
      throw new ValidationException(field, "'" + raw + "' is not a possible phone number for its country");
    }
    return UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
  }

  /**
   * The ISO 3166 region of an E.164 number, e.g. {@code "IN"} for {@code +91...}.
   *
   * @param e164 a number in E.164 form
   * @return the region, or empty when unknown
   */
  public static Optional<String> region(String e164) {
    try {
      String region = UTIL.getRegionCodeForNumber(UTIL.parse(e164, null));
      return Optional.ofNullable(region).filter(r -> !"ZZ".equals(r));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /**
   * The country calling code of an E.164 number, e.g. {@code 91} for {@code +91...}.
   *
   * @param e164 a number in E.164 form
   * @return the calling code, or 0 when the number cannot be parsed
   */
  public static int countryCode(String e164) {
    try {
      return UTIL.parse(e164, null).getCountryCode();
    } catch (NumberParseException e) {
      return 0;
    }
  }

  /**
   * Whether a string is a region code libphonenumber knows, e.g. {@code "IN"}.
   *
   * @param region the candidate, may be null
   * @return true for a supported ISO 3166 region code
   */
  public static boolean isKnownRegion(String region) {
    return region != null && UTIL.getSupportedRegions().contains(region);
  }
}
