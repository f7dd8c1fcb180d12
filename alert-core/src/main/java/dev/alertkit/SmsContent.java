package dev.alertkit;

import dev.alertkit.spi.support.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an SMS says: either literal text, or a registered DLT content template (India) filled with variables.
 *
 * <pre>{@code
 * SmsContent.text("db-1 disk 97% full");
 * SmsContent.dlt("1107161234567890123", Map.of("var1", "db-1"));   // rendered by the DLT registry
 * }</pre>
 */
public final class SmsContent implements ChannelContent {
  /** Twilio's cap on one message body. */
  public static final int MAX_TEXT_LENGTH = 1600;

  private final String text;
  private final String dltTemplateId;
  private final Map<String, String> variables;

  private SmsContent(String text, String dltTemplateId, Map<String, String> variables) {
    this.text = text;
    this.dltTemplateId = dltTemplateId;
    this.variables = variables;
  }

  /**
   * Literal SMS text, sent exactly as given.
   *
   * @param text at most {@value #MAX_TEXT_LENGTH} characters
   * @return the content
   * @throws ValidationException when text is blank, has control characters other than line breaks, or is too long
   */
  public static SmsContent text(String text) {
    return new SmsContent(Checks.multiLine("sms.text", text, MAX_TEXT_LENGTH), null, Map.of());
  }

  /**
   * A DLT content template filled with variables ({@code var1}, {@code var2}, ... in placeholder order, or
   * typed names); the text is rendered by the compliance registry before sending.
   *
   * @param templateId the registered content template id (19 digits in practice)
   * @param variables values for the template's placeholders, in order
   * @return the content
   * @throws ValidationException when the id is blank, or a variable is null or not well-formed Unicode (a lone surrogate)
   */
  public static SmsContent dlt(String templateId, Map<String, String> variables) {
    Checks.singleLine("sms.dltTemplateId", templateId, 64);
    Checks.notNull("sms.variables", variables);
    Map<String, String> copy = new LinkedHashMap<>();
    variables.forEach((k, v) -> copy.put(Checks.singleLine("sms.variables", k, 64), Checks.wellFormed("sms.variables[" + k + "]", v)));
    return new SmsContent(null, templateId, Collections.unmodifiableMap(copy));
  }

  /**
   * A DLT template id with text already rendered by the caller; the text is still checked against the
   * template before sending.
   *
   * @param templateId the registered template id
   * @param text the final text
   * @return the content
   * @throws ValidationException when either is blank or the text too long
   */
  public static SmsContent dltText(String templateId, String text) {
    Checks.singleLine("sms.dltTemplateId", templateId, 64);
    return new SmsContent(Checks.multiLine("sms.text", text, MAX_TEXT_LENGTH), templateId, Map.of());
  }

  @Override
  public Channel channel() {
    return Channel.SMS;
  }

  /**
   * The literal text, when given.
   *
   * @return the text
   */
  public Optional<String> text() {
    return Optional.ofNullable(text);
  }

  /**
   * The DLT content template id, when given.
   *
   * @return the id
   */
  public Optional<String> dltTemplateId() {
    return Optional.ofNullable(dltTemplateId);
  }

  /**
   * Template variables in the order given.
   *
   * @return the variables, possibly empty
   */
  public Map<String, String> variables() {
    return variables;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SmsContent
        && java.util.Objects.equals(text, ((SmsContent) o).text)
        && java.util.Objects.equals(dltTemplateId, ((SmsContent) o).dltTemplateId)
        && variables.equals(((SmsContent) o).variables);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(text, dltTemplateId, variables);
  }

  @Override
  public String toString() {
    return dltTemplateId == null ? "SmsContent{text}" : "SmsContent{dlt=" + dltTemplateId + ", variables=" + variables.keySet() + "}";
  }
}
