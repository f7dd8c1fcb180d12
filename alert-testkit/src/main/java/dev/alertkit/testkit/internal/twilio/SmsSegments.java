package dev.alertkit.testkit.internal.twilio;

/** Counts SMS segments as carriers do: GSM-7 (160 / 153 per part, extension characters count two) or UCS-2 (70 / 67). */
public final class SmsSegments {
  private static final String GSM_BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

  private SmsSegments() {}

  /**
   * Segments of a body.
   *
   * @param body the text
   * @return at least 1
   */
  public static int count(String body) {
    int septets = 0;
    boolean gsm = true;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (GSM_BASIC.indexOf(c) >= 0) {
        septets++;
      } else if (GSM_EXTENSION.indexOf(c) >= 0) {
        septets += 2;
      } else {
        gsm = false;
        break;
      }
    }
    if (gsm) {
      return septets <= 160 ? 1 : (septets + 152) / 153;
    }
    int units = body.length();
    return units <= 70 ? 1 : (units + 66) / 67;
  }

  /**
   * Whether the body needs UCS-2.
   *
   * @param body the text
   * @return true when a character is outside GSM-7
   */
  public static boolean isUcs2(String body) {
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (GSM_BASIC.indexOf(c) < 0 && GSM_EXTENSION.indexOf(c) < 0) {
        return true;
      }
    }
    return false;
  }
}
