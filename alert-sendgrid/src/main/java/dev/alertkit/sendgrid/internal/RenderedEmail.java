package dev.alertkit.sendgrid.internal;

import java.util.Map;
import java.util.Optional;

/**
 * What a mail says, independent of who receives it: messages whose rendered emails are equal share one SendGrid
 * request (one personalization each).
 *
 * @param subject the subject line (absent for a dynamic template, whose subject lives in the template)
 * @param text the plain-text body (absent for a dynamic template)
 * @param html the HTML body (absent for a dynamic template)
 * @param templateId the SendGrid dynamic template id, when this is a template mail
 * @param templateData the template's data (strings, and {@code alert_labels} as an object); empty otherwise
 */
public record RenderedEmail(
    Optional<String> subject, Optional<String> text, Optional<String> html, Optional<String> templateId,
    Map<String, Object> templateData) {

  /**
   * Copies the template data.
   *
   * @param subject the subject
   * @param text the plain-text body
   * @param html the HTML body
   * @param templateId the template id
   * @param templateData the template data
   * @throws NullPointerException when an argument is null
   */
  public RenderedEmail {
    templateData = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(templateData));
  }

  /**
   * A subject and bodies.
   *
   * @param subject the subject
   * @param text the plain-text body
   * @param html the HTML body
   * @return the rendered email
   */
  public static RenderedEmail content(String subject, String text, String html) {
    return new RenderedEmail(Optional.of(subject), Optional.of(text), Optional.of(html), Optional.empty(), Map.of());
  }

  /**
   * A dynamic template.
   *
   * @param templateId the template id
   * @param data the template data
   * @return the rendered email
   */
  public static RenderedEmail template(String templateId, Map<String, Object> data) {
    return new RenderedEmail(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(templateId), data);
  }
}
