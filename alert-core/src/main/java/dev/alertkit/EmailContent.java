package dev.alertkit;

import dev.alertkit.spi.support.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an email says: a subject with a plain-text and optional HTML body, or a provider's dynamic template
 * (e.g. a SendGrid {@code d-...} template id) with its data.
 *
 * <pre>{@code
 * EmailContent.of("db-1 disk 97% full", "Runbook: https://runbooks.example.com/disk");
 * EmailContent.template("d-13b8f94fbcae4ec6b75270d6cb59f932", Map.of("host", "db-1"));
 * }</pre>
 */
public final class EmailContent implements ChannelContent {
  private final String subject;
  private final String text;
  private final String html;
  private final String templateId;
  private final Map<String, String> templateData;

  private EmailContent(String subject, String text, String html, String templateId, Map<String, String> data) {
    this.subject = subject;
    this.text = text;
    this.html = html;
    this.templateId = templateId;
    this.templateData = data;
  }

  /**
   * Subject and plain-text body; HTML is rendered from the text by the provider.
   *
   * @param subject a single line of at most 998 characters
   * @param text the plain-text body
   * @return the content
   * @throws ValidationException when subject is blank or multi-line, or text is blank
   */
  public static EmailContent of(String subject, String text) {
    return new EmailContent(Checks.singleLine("email.subject", subject, 998), Checks.multiLine("email.text", text, 100_000), null, null, Map.of());
  }

  /**
   * Adds a ready-made HTML body (sent as given; escape user data yourself).
   *
   * @param html the HTML body
   * @return a copy
   * @throws ValidationException when html is blank, or this is a template
   */
  public EmailContent withHtml(String html) {
    if (templateId != null) {
      throw new ValidationException("email.html", "a template email cannot also carry an HTML body");
    }
    return new EmailContent(subject, text, Checks.multiLine("email.html", html, 1_000_000), null, templateData);
  }

  /**
   * A provider dynamic template with its data; alertkit adds the alert's fields ({@code alert_title},
   * {@code alert_body}, {@code alert_severity}, ...) to the data unless you set them.
   *
   * @param templateId the provider's template id
   * @param data template data by key
   * @return the content
   * @throws ValidationException when the id is blank, or a value is null or not well-formed Unicode (a lone surrogate)
   */
  public static EmailContent template(String templateId, Map<String, String> data) {
    Checks.singleLine("email.templateId", templateId, 128);
    Checks.notNull("email.templateData", data);
    Map<String, String> copy = new LinkedHashMap<>();
    data.forEach((k, v) -> copy.put(Checks.singleLine("email.templateData", k, 128), Checks.wellFormed("email.templateData[" + k + "]", v)));
    return new EmailContent(null, null, null, templateId, Collections.unmodifiableMap(copy));
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  /** @return the subject, unless this is a template */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /** @return the plain-text body, unless this is a template */
  public Optional<String> text() {
    return Optional.ofNullable(text);
  }

  /** @return the HTML body, when given */
  public Optional<String> html() {
    return Optional.ofNullable(html);
  }

  /** @return the template id, when this is a template */
  public Optional<String> templateId() {
    return Optional.ofNullable(templateId);
  }

  /** @return the template data */
  public Map<String, String> templateData() {
    return templateData;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EmailContent)) {
      return false;
    }
    EmailContent e = (EmailContent) o;
    return java.util.Objects.equals(subject, e.subject) && java.util.Objects.equals(text, e.text)
        && java.util.Objects.equals(html, e.html) && java.util.Objects.equals(templateId, e.templateId)
        && templateData.equals(e.templateData);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(subject, text, html, templateId, templateData);
  }

  @Override
  public String toString() {
    return templateId == null ? "EmailContent{subject=" + subject + "}" : "EmailContent{template=" + templateId + "}";
  }
}
