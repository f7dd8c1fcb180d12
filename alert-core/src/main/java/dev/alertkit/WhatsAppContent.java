package dev.alertkit;

import dev.alertkit.spi.support.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a WhatsApp message says: an approved template (required outside the 24-hour customer service window,
 * which is where business-initiated alerts usually are) or free text (only inside the window).
 *
 * <pre>{@code
 * WhatsAppContent.template("HXb5b62575e6e4ff6129ad7c8efe1f983e", Map.of("1", "db-1", "2", "97%"));
 * WhatsAppContent.text("db-1 disk 97% full").insideSessionWindow();
 * }</pre>
 */
public final class WhatsAppContent implements ChannelContent {
  private final String text;
  private final String contentSid;
  private final Map<String, String> variables;
  private final boolean insideSessionWindow;

  private WhatsAppContent(String text, String contentSid, Map<String, String> variables, boolean inside) {
    this.text = text;
    this.contentSid = contentSid;
    this.variables = variables;
    this.insideSessionWindow = inside;
  }

  /**
   * An approved content template with all its variables (send all of them: missing ones are silently replaced by
   * sample values by WhatsApp).
   *
   * @param contentSid the template's content SID ({@code HX...})
   * @param variables the variables by placeholder name ({@code "1"}, {@code "2"}, ...)
   * @return the content
   * @throws ValidationException when the SID is blank, or a variable is null or not well-formed Unicode (a lone surrogate)
   */
  public static WhatsAppContent template(String contentSid, Map<String, String> variables) {
    Checks.singleLine("whatsapp.contentSid", contentSid, 64);
    Checks.notNull("whatsapp.variables", variables);
    Map<String, String> copy = new LinkedHashMap<>();
    variables.forEach((k, v) -> copy.put(Checks.singleLine("whatsapp.variables", k, 64), Checks.wellFormed("whatsapp.variables[" + k + "]", v)));
    return new WhatsAppContent(null, contentSid, Collections.unmodifiableMap(copy), false);
  }

  /**
   * Free text; only deliverable inside the 24-hour window, so mark it with {@link #insideSessionWindow()}.
   *
   * @param text at most 1,600 characters
   * @return the content
   * @throws ValidationException when text is blank or too long
   */
  public static WhatsAppContent text(String text) {
    return new WhatsAppContent(Checks.multiLine("whatsapp.text", text, 1600), null, Map.of(), false);
  }

  /**
   * Declares that the recipient wrote to us within the last 24 hours, so free text may be sent.
   *
   * @return a copy so marked
   */
  public WhatsAppContent insideSessionWindow() {
    return new WhatsAppContent(text, contentSid, variables, true);
  }

  @Override
  public Channel channel() {
    return Channel.WHATSAPP;
  }

  /** @return the free text, if this is not a template */
  public Optional<String> text() {
    return Optional.ofNullable(text);
  }

  /** @return the template's content SID, if this is a template */
  public Optional<String> contentSid() {
    return Optional.ofNullable(contentSid);
  }

  /** @return the template variables */
  public Map<String, String> variables() {
    return variables;
  }

  /** @return whether the caller declared the recipient inside the 24-hour window */
  public boolean isInsideSessionWindow() {
    return insideSessionWindow;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof WhatsAppContent)) {
      return false;
    }
    WhatsAppContent w = (WhatsAppContent) o;
    return java.util.Objects.equals(text, w.text) && java.util.Objects.equals(contentSid, w.contentSid)
        && variables.equals(w.variables) && insideSessionWindow == w.insideSessionWindow;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(text, contentSid, variables, insideSessionWindow);
  }

  @Override
  public String toString() {
    return contentSid == null ? "WhatsAppContent{text, inside=" + insideSessionWindow + "}" : "WhatsAppContent{template=" + contentSid + "}";
  }
}
