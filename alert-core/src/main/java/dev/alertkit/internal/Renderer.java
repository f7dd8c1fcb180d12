package dev.alertkit.internal;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.ChannelContent;
import dev.alertkit.EmailContent;
import dev.alertkit.SmsContent;
import dev.alertkit.VoiceContent;
import dev.alertkit.WhatsAppContent;
import java.util.Locale;
import java.util.Optional;

/** The text a channel carries: the alert's content override, or the alert rendered for the channel. */
public final class Renderer {
  /** Longest rendered SMS; longer text is cut with an ellipsis. */
  public static final int SMS_LIMIT = 1600;

  private Renderer() {}

  /**
   * Renders the text for a channel.
   *
   * @param alert the alert
   * @param channel the channel
   * @return the text; empty for an SMS that is a DLT template without text (the DLT guard renders it)
   */
  public static String text(Alert alert, Channel channel) {
    Optional<ChannelContent> override = alert.content(channel);
    if (override.isPresent()) {
      ChannelContent c = override.get();
      if (c instanceof SmsContent) {
        return ((SmsContent) c).text().orElse("");
      }
      if (c instanceof VoiceContent) {
        return ((VoiceContent) c).text();
      }
      if (c instanceof WhatsAppContent) {
        return ((WhatsAppContent) c).text().orElse(defaultText(alert, channel));
      }
      if (c instanceof EmailContent) {
        return ((EmailContent) c).text().orElse(defaultText(alert, channel));
      }
    }
    return defaultText(alert, channel);
  }

  private static String defaultText(Alert alert, Channel channel) {
    String severity = alert.severity().name();
    String body = alert.body().orElse("");
    switch (channel) {
      case SMS:
        return cut("[" + severity + "] " + alert.title() + (body.isEmpty() ? "" : "\n" + body), SMS_LIMIT);
      case WHATSAPP:
        return cut("*[" + severity + "]* " + alert.title() + (body.isEmpty() ? "" : "\n" + body), SMS_LIMIT);
      case VOICE:
        return cut("This is a " + severity.toLowerCase(Locale.ROOT) + " alert. " + alert.title() + ". " + body, VoiceContent.MAX_TEXT_LENGTH).strip();
      case EMAIL:
        return body.isEmpty() ? alert.title() : body;
      default:
        throw new AssertionError(channel);
    }
  }

  private static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "\u2026";
  }
}
