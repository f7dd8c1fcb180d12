package dev.alertkit;

/** A way of reaching a person. */
public enum Channel {
  /** A text message to a mobile number. */
  SMS,
  /** A phone call that speaks the alert. */
  VOICE,
  /** A WhatsApp message (template or free text). */
  WHATSAPP,
  /** An email. */
  EMAIL
}
