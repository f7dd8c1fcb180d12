package dev.alertkit.incident;

/** How an acknowledgement (or a resolve) reached the client. */
public enum AckChannel {
  /** The application called the API ({@code AlertClient.acknowledge}). */
  API,
  /** The person pressed 1 during an alert call. */
  VOICE,
  /** The person replied to the SMS with the incident's code. */
  SMS,
  /** The person replied on WhatsApp with the incident's code. */
  WHATSAPP,
  /** The person confirmed on the page of a signed link. */
  LINK
}
