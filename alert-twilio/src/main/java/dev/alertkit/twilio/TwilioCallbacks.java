package dev.alertkit.twilio;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The callback URLs alertkit asks Twilio to call, so that a webhook handler can tie each status callback back to
 * the alert, attempt and recipient it belongs to.
 *
 * <p>Every URL is {@link TwilioConfig#statusCallbackBaseUrl()} + a path below + a query string carrying the
 * correlation, URL-encoded:
 *
 * <pre>
 * {base}/alertkit/twilio/message-status?alertkit_alert={alertId}&amp;alertkit_attempt={attemptId}&amp;alertkit_recipient={recipientId}
 * </pre>
 *
 * <p>Twilio signs the full URL including this query string ({@code X-Twilio-Signature}); the handler must verify
 * against the public URL exactly as sent.
 */
public final class TwilioCallbacks {
  /** Path of the status callback of SMS and WhatsApp messages ({@code MessageStatus}). */
  public static final String MESSAGE_STATUS_PATH = "/alertkit/twilio/message-status";
  /** Path of the status callback of voice calls ({@code CallStatus}; events initiated, ringing, answered, completed). */
  public static final String CALL_STATUS_PATH = "/alertkit/twilio/call-status";
  /** Path of the {@code <Gather>} action of a call that asks to press 1; Twilio posts {@code Digits} there. */
  public static final String VOICE_ACKNOWLEDGE_PATH = "/alertkit/twilio/voice-ack";
  /** Query parameter carrying the alert id. */
  public static final String ALERT_PARAM = "alertkit_alert";
  /** Query parameter carrying the attempt id. */
  public static final String ATTEMPT_PARAM = "alertkit_attempt";
  /** Query parameter carrying the recipient id. */
  public static final String RECIPIENT_PARAM = "alertkit_recipient";

  private TwilioCallbacks() {}

  /**
   * Builds a callback URL.
   *
   * @param base the public base URL, without a trailing slash
   * @param path one of the paths above
   * @param alertId the alert id
   * @param attemptId the attempt id
   * @param recipientId the recipient id
   * @return the URL
   */
  static URI url(URI base, String path, String alertId, String attemptId, String recipientId) {
    return URI.create(base + path + "?" + ALERT_PARAM + "=" + encode(alertId) + "&" + ATTEMPT_PARAM + "=" + encode(attemptId)
        + "&" + RECIPIENT_PARAM + "=" + encode(recipientId));
  }

  private static String encode(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }
}
