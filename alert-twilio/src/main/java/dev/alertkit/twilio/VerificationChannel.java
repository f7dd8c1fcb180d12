package dev.alertkit.twilio;

/** How Twilio Verify sends the one-time code to the number being verified. */
public enum VerificationChannel {
  /** A text message with the code. */
  SMS("sms"),
  /** A voice call that reads the code out (works for landlines). */
  CALL("call"),
  /** A WhatsApp message with the code. */
  WHATSAPP("whatsapp");

  private final String wire;

  VerificationChannel(String wire) {
    this.wire = wire;
  }

  /** @return Twilio's name for the channel: {@code sms}, {@code call} or {@code whatsapp} */
  public String wireName() {
    return wire;
  }

  static VerificationChannel fromWire(String value) {
    for (VerificationChannel c : values()) {
      if (c.wire.equalsIgnoreCase(value)) {
        return c;
      }
    }
    return null;
  }
}
