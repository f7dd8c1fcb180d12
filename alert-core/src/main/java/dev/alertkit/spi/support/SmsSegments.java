package dev.alertkit.spi.support;

import dev.alertkit.SmsEncoding;
import java.util.Objects;

/**
 * Decides how an SMS text is encoded (GSM 03.38 7-bit default alphabet or UCS-2) and how many billable segments
 * it takes.
 *
 * <ul>
 *   <li>GSM-7: the 128-character basic set, plus the extension table ({@code ^ { } \ [ ~ ] | €} and form feed),
 *       whose characters take two septets (escape + character). One message holds 160 septets; a split
 *       (concatenated) message holds 153 septets per segment (the user data header takes the rest).
 *   <li>UCS-2: used as soon as one character is outside GSM-7 (Indic scripts, ₹, curly quotes, emoji). Counted in
 *       UTF-16 code units (an emoji outside the BMP is two units); 70 single, 67 per segment when split.
 * </ul>
 *
 * <p>Segment boundaries are modelled as handsets and gateways do: a two-septet extension character never
 * straddles two GSM-7 segments, and a surrogate pair never straddles two UCS-2 segments; such a character moves
 * to the next segment. The count can therefore be one higher than {@code ceil(units / 153)}.
 *
 * <p>Note on the basic set: position 0x09 is capital {@code Ç} (U+00C7) as GSM 03.38 specifies; the lower-case
 * {@code ç} is not in the alphabet and forces UCS-2.
 */
public final class SmsSegments {
  /** Septets in a single GSM-7 message. */
  public static final int GSM7_SINGLE = 160;
  /** Septets per segment of a split GSM-7 message. */
  public static final int GSM7_PART = 153;
  /** UTF-16 code units in a single UCS-2 message. */
  public static final int UCS2_SINGLE = 70;
  /** UTF-16 code units per segment of a split UCS-2 message. */
  public static final int UCS2_PART = 67;

  /** GSM 03.38 basic character set in code order; 0x1B (escape) is written as a placeholder and excluded. */
  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅå"
          + "Δ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ"
          + " !\"#¤%&'()*+,-./"
          + "0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNO"
          + "PQRSTUVWXYZÄÖÑÜ§"
          + "¿abcdefghijklmno"
          + "pqrstuvwxyzäöñüà";

  /** GSM 03.38 extension table characters (escape + code): two septets each. */
  private static final String EXTENSION = "\f^{}\\[~]|€";

  /** Septets per char for chars up to '€' (U+20AC): 0 = not in GSM-7, 1 = basic, 2 = extension. */
  private static final byte[] WIDTH = new byte['€' + 1];

  static {
    for (int i = 0; i < BASIC.length(); i++) {
      char c = BASIC.charAt(i);
      if (c != '\u001B') {
        WIDTH[c] = 1;
      }
    }
    for (int i = 0; i < EXTENSION.length(); i++) {
      WIDTH[EXTENSION.charAt(i)] = 2;
    }
  }

  private SmsSegments() {}

  /**
   * Analyzes an SMS text.
   *
   * @param text the exact text to send (an empty text counts as one segment of zero units)
   * @return the charset the whole text needs, its length in that charset's units and the billable segments
   * @throws NullPointerException when text is null
   */
  public static SmsEncoding analyze(String text) {
    Objects.requireNonNull(text, "text");
    int septets = 0;
    for (int i = 0; i < text.length(); i++) {
      int w = gsmWidth(text.charAt(i));
      if (w == 0) {
        return ucs2(text);
      }
      septets += w;
    }
    if (septets <= GSM7_SINGLE) {
      return new SmsEncoding(SmsEncoding.Charset.GSM_7, septets, 1);
    }
    int segments = 1;
    int used = 0;
    for (int i = 0; i < text.length(); i++) {
      int w = gsmWidth(text.charAt(i));
      if (used + w > GSM7_PART) {
        segments++;
        used = 0;
      }
      used += w;
    }
    return new SmsEncoding(SmsEncoding.Charset.GSM_7, septets, segments);
  }

  /**
   * Whether every character of a text is in the GSM-7 alphabet (basic set or extension table).
   *
   * @param text the text
   * @return true when the text can be sent as GSM-7
   * @throws NullPointerException when text is null
   */
  public static boolean isGsm7(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (gsmWidth(text.charAt(i)) == 0) {
        return false;
      }
    }
    return true;
  }

  private static int gsmWidth(char c) {
    return c < WIDTH.length ? WIDTH[c] : 0;
  }

  private static SmsEncoding ucs2(String text) {
    int units = text.length();
    if (units <= UCS2_SINGLE) {
      return new SmsEncoding(SmsEncoding.Charset.UCS_2, units, 1);
    }
    int segments = 1;
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int w = Character.charCount(text.codePointAt(i));
      if (used + w > UCS2_PART) {
        segments++;
        used = 0;
      }
      used += w;
      i += w;
    }
    return new SmsEncoding(SmsEncoding.Charset.UCS_2, units, segments);
  }
}
