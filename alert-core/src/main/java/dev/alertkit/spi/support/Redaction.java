package dev.alertkit.spi.support;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that decides how personal data looks in log lines, {@code toString()} output and failure reasons:
 * phone numbers keep their country code and at most their last four digits ({@code +1•••0123}), e-mail addresses
 * keep the first character of the local part and the domain ({@code a•••@example.com}). Also keeps line breaks and other
 * control characters out of log lines ({@link #oneLine}), and describes URLs and secrets without their credentials
 * ({@link #url}, {@link #shape}). A provider module or a store masks with these so that its log lines look like
 * alert-core's.
 */
public final class Redaction {
  /** What replaces the hidden characters. */
  public static final String MASK = "\u2022\u2022\u2022";

  /** An e-mail address inside free text. */
  private static final Pattern EMAIL_IN_TEXT = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+");
  /**
   * A phone number inside free text, in international form: {@code +}, then 7 to 15 digits, possibly grouped by
   * single spaces, dots, dashes or parentheses (dates, times and ids are left alone).
   */
  private static final Pattern PHONE_IN_TEXT = Pattern.compile("\\+\\(?\\d(?:[ ().-]{0,2}\\d){6,16}");

  /** How many digits after the country code a masked phone number always hides. */
  private static final int HIDDEN_AT_LEAST = 6;

  /** The two-digit E.164 country codes (ITU-T E.164 assigned codes; every other code but 1 and 7 has three digits). */
  private static final Set<String> TWO_DIGIT_COUNTRY_CODES = Set.of(
      "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
      "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84", "86",
      "90", "91", "92", "93", "94", "95", "98");

  /** A URI scheme (RFC 3986). */
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

  private Redaction() {}

  /**
   * Masks a phone number: {@code +14155550123} becomes {@code +1•••0123}, {@code +919812345678} becomes
   * {@code +91•••5678}; a {@code whatsapp:} prefix is kept. What stays visible is at most the country code (only for
   * a number in international {@code +} form) and the last four digits, and at least six of the digits after the
   * country code are always hidden: a number with 10 or more digits after it keeps its last four, with 9 its last
   * three, with 8 its last two, with 6 or 7 none, and a shorter one shows no digit at all (not even the country code).
   * The mask has the same length whatever it hides.
   *
   * @param phone the number, may be null
   * @return the masked number; {@code "null"} for null
   */
  public static String phone(String phone) {
    if (phone == null) {
      return "null";
    }
    String prefix = "";
    String number = phone;
    int colon = phone.indexOf(':');
    if (colon >= 0) {
      prefix = phone.substring(0, colon + 1);
      number = phone.substring(colon + 1);
    }
    String digits = number.replaceAll("[^0-9]", "");
    boolean international = number.strip().startsWith("+");
    String plus = international ? "+" : "";
    String country = international ? countryCode(digits) : "";
    int rest = digits.length() - country.length();
    if (rest < HIDDEN_AT_LEAST) {
      return prefix + plus + MASK;
    }
    int keep = Math.min(4, rest - HIDDEN_AT_LEAST);
    if (keep < 2) {
      keep = 0;
    }
    return prefix + plus + country + MASK + digits.substring(digits.length() - keep);
  }

  /**
   * The E.164 country code a number's digits start with. Country codes are prefix-free: {@code 1} and {@code 7} have
   * one digit, those in {@link #TWO_DIGIT_COUNTRY_CODES} two, every other one three.
   */
  private static String countryCode(String digits) {
    if (digits.isEmpty()) {
      return "";
    }
    char first = digits.charAt(0);
    if (first == '1' || first == '7') {
      return digits.substring(0, 1);
    }
    if (digits.length() >= 2 && TWO_DIGIT_COUNTRY_CODES.contains(digits.substring(0, 2))) {
      return digits.substring(0, 2);
    }
    return digits.substring(0, Math.min(3, digits.length()));
  }

  /**
   * Masks an e-mail address: {@code alice@example.com} becomes {@code a•••@example.com}.
   *
   * @param email the address, may be null
   * @return the masked address; {@code "null"} for null
   */
  public static String email(String email) {
    if (email == null) {
      return "null";
    }
    int at = email.lastIndexOf('@');
    if (at <= 0) {
      return MASK;
    }
    return email.substring(0, email.offsetByCodePoints(0, 1)) + MASK + email.substring(at);
  }

  /**
   * Masks an address of any channel: an e-mail address when it contains {@code @}, a phone number otherwise.
   *
   * @param address the address, may be null
   * @return the masked address
   */
  public static String address(String address) {
    if (address == null) {
      return "null";
    }
    return address.indexOf('@') >= 0 ? email(address) : phone(address);
  }

  /**
   * Masks every e-mail address and phone number found in free text, e.g. a provider's error message
   * ("The 'To' number +14155550123 is not a valid phone number").
   *
   * @param text the text, may be null
   * @return the text with addresses masked
   */
  public static String text(String text) {
    if (text == null) {
      return null;
    }
    String out = replace(EMAIL_IN_TEXT, text, true);
    return replace(PHONE_IN_TEXT, out, false);
  }

  /**
   * Makes text safe for one log line: line breaks, tabs and other control characters become a space, lone
   * surrogates become U+FFFD, and addresses are masked ({@link #text}).
   *
   * @param text the text, may be null
   * @return one line
   */
  public static String oneLine(String text) {
    if (text == null) {
      return null;
    }
    return text(flatten(text));
  }

  /**
   * Replaces line breaks, tabs, other control characters and lone surrogates, without masking anything.
   *
   * @param text the text, not null
   * @return the text on one line
   * @throws NullPointerException when text is null
   */
  public static String flatten(String text) {
    StringBuilder s = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = null;
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        replacement = " ";
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        if (s != null) {
          s.append(c).append(text.charAt(i + 1));
        }
        i++;
        continue;
      } else if (Character.isSurrogate(c)) {
        replacement = "\uFFFD";
      }
      if (replacement != null && s == null) {
        s = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (s != null) {
        s.append(replacement != null ? replacement : String.valueOf(c));
      }
    }
    return s == null ? text : s.toString();
  }

  /**
   * A URL as it may appear in an error message or a log line: scheme, host, port and path only. The user info
   * ({@code user:password@}), query and fragment are never shown, since they often carry credentials or tokens.
   * Everything before the last {@code @} is taken for user info, even when a {@code /}, {@code ?} or {@code #}
   * comes first (a password containing one of them makes a malformed URL, and its user info must stay hidden too);
   * when an {@code @} comes after the start of the query or fragment, only the scheme is shown. A prefix is shown
   * as the scheme only when it is one ({@code [A-Za-z][A-Za-z0-9+.-]*} before {@code ://}).
   *
   * @param url the URL as given, may be null or malformed
   * @return the URL without user info, query and fragment
   */
  public static String url(String url) {
    if (url == null) {
      return "null";
    }
    String s = flatten(url.strip());
    int scheme = s.indexOf("://");
    // Only a real scheme ("https") counts: "user:pw@host/?next=https://x" has none, and its prefix must not be shown.
    int start = scheme > 0 && SCHEME.matcher(s.substring(0, scheme)).matches() ? scheme + 3 : 0;
    int end = s.length();
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    int at = s.lastIndexOf('@');
    if (at >= end) {
      // "https://user:pa?ss@host" or "https://host/?to=a@b": user info and query cannot be told apart.
      return s.substring(0, start) + MASK;
    }
    String userInfo = at >= start ? MASK + "@" : "";
    String rest = s.substring(Math.max(start, at + 1), end);
    boolean cut = end < s.length();
    return s.substring(0, start) + userInfo + rest + (cut ? "?" + MASK : "");
  }

  /**
   * Describes a secret-looking value without showing any of it: its length and whether it has the expected prefix.
   *
   * @param value the value, not null
   * @param prefix the prefix the field's values start with, e.g. {@code "AC"}, or null
   * @return e.g. {@code "34 characters, starting with 'AC'"} or {@code "32 characters, not starting with 'AC'"}
   * @throws NullPointerException when value is null
   */
  public static String shape(String value, String prefix) {
    String s = value.length() + (value.length() == 1 ? " character" : " characters");
    if (prefix == null) {
      return s;
    }
    return s + (value.startsWith(prefix) ? ", starting with '" + prefix + "'" : ", not starting with '" + prefix + "'");
  }

  private static String replace(Pattern pattern, String text, boolean email) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    do {
      String found = m.group();
      out.append(text, last, m.start()).append(email ? email(found) : phone(found));
      last = m.end();
    } while (m.find());
    return out.append(text, last, text.length()).toString();
  }
}
