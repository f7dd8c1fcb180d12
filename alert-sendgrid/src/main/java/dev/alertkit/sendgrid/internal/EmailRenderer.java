package dev.alertkit.sendgrid.internal;

import dev.alertkit.Alert;
import dev.alertkit.EmailContent;
import dev.alertkit.Severity;
import dev.alertkit.spi.OutboundMessage;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns an outbound email message into a {@link RenderedEmail}: the alert's {@link EmailContent} override when it
 * has one, else the default layout (severity, title, body, labels, alert id) as plain text and as HTML. Every
 * piece of user data is HTML-escaped in the HTML body. Stateless and thread-safe.
 */
public final class EmailRenderer {
  /** Template data key for the alert id. */
  public static final String ALERT_ID = "alert_id";
  /** Template data key for the alert title. */
  public static final String ALERT_TITLE = "alert_title";
  /** Template data key for the alert body. */
  public static final String ALERT_BODY = "alert_body";
  /** Template data key for the alert severity. */
  public static final String ALERT_SEVERITY = "alert_severity";
  /** Template data key for the alert labels (an object). */
  public static final String ALERT_LABELS = "alert_labels";

  /** Creates a renderer. */
  public EmailRenderer() {}

  /**
   * Renders the message.
   *
   * @param message an email message
   * @return what the mail says
   */
  public RenderedEmail render(OutboundMessage message) {
    Alert alert = message.alert();
    EmailContent override = message.content()
        .filter(EmailContent.class::isInstance)
        .map(EmailContent.class::cast)
        .orElse(null);
    if (override == null) {
      return defaultLayout(message.subject(), alert);
    }
    if (override.templateId().isPresent()) {
      Map<String, Object> data = new LinkedHashMap<>(override.templateData());
      data.putIfAbsent(ALERT_ID, alert.id());
      data.putIfAbsent(ALERT_TITLE, alert.title());
      alert.body().ifPresent(body -> data.putIfAbsent(ALERT_BODY, body));
      data.putIfAbsent(ALERT_SEVERITY, alert.severity().name());
      data.putIfAbsent(ALERT_LABELS, alert.labels());
      return RenderedEmail.template(override.templateId().get(), data);
    }
    String subject = message.subject();
    String text = override.text().orElseGet(message::text);
    String html = override.html().orElseGet(() -> textAsHtml(subject, text));
    return RenderedEmail.content(subject, text, html);
  }

  private static RenderedEmail defaultLayout(String subject, Alert alert) {
    StringBuilder text = new StringBuilder();
    text.append('[').append(alert.severity()).append("] ").append(alert.title()).append("\n\n");
    alert.body().ifPresent(body -> text.append(body).append("\n\n"));
    if (!alert.labels().isEmpty()) {
      text.append("Labels:\n");
      alert.labels().forEach((k, v) -> text.append("  ").append(k).append(": ").append(v).append('\n'));
      text.append('\n');
    }
    text.append("Alert id: ").append(alert.id()).append('\n');
    text.append("Raised at: ").append(DateTimeFormatter.ISO_INSTANT.format(alert.createdAt())).append('\n');

    StringBuilder html = new StringBuilder(1024);
    html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
        .append(Html.escape(subject))
        .append("</title></head>\n")
        .append("<body style=\"font-family:Arial,Helvetica,sans-serif;color:#222;line-height:1.4\">\n")
        .append("<p><span style=\"display:inline-block;padding:2px 8px;border-radius:3px;color:#fff;font-weight:bold;background:")
        .append(colour(alert.severity()))
        .append("\">")
        .append(alert.severity())
        .append("</span></p>\n")
        .append("<h1 style=\"font-size:20px;margin:8px 0\">")
        .append(Html.escape(alert.title()))
        .append("</h1>\n");
    alert.body().ifPresent(body -> html.append("<p>").append(Html.escapeLines(body)).append("</p>\n"));
    if (!alert.labels().isEmpty()) {
      html.append("<table style=\"border-collapse:collapse;font-size:14px\">\n");
      alert.labels().forEach((k, v) -> html.append("<tr><td style=\"padding:2px 12px 2px 0;color:#555\">")
          .append(Html.escape(k))
          .append("</td><td style=\"padding:2px 0\">")
          .append(Html.escape(v))
          .append("</td></tr>\n"));
      html.append("</table>\n");
    }
    html.append("<p style=\"color:#777;font-size:12px\">Alert id ")
        .append(Html.escape(alert.id()))
        .append(" &middot; raised at ")
        .append(DateTimeFormatter.ISO_INSTANT.format(alert.createdAt()))
        .append("</p>\n</body></html>\n");
    return RenderedEmail.content(subject, text.toString(), html.toString());
  }

  private static String textAsHtml(String subject, String text) {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + Html.escape(subject) + "</title></head>\n"
        + "<body style=\"font-family:Arial,Helvetica,sans-serif;color:#222;line-height:1.4\">\n<p>"
        + Html.escapeLines(text) + "</p>\n</body></html>\n";
  }

  private static String colour(Severity severity) {
    switch (severity) {
      case CRITICAL:
        return "#c62828";
      case WARNING:
        return "#ef6c00";
      default:
        return "#1565c0";
    }
  }
}
