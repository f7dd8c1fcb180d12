package dev.alertkit.india;

import dev.alertkit.Channel;
import dev.alertkit.SmsContent;
import dev.alertkit.ValidationException;
import dev.alertkit.india.internal.TemplateTrie;
import dev.alertkit.india.internal.Urls;
import dev.alertkit.spi.support.PhoneNumbers;
import dev.alertkit.spi.support.SmsSegments;
import dev.alertkit.spi.ComplianceGuard;
import dev.alertkit.spi.DltParameters;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The India DLT compliance guard ({@value #NAME}): every SMS to a {@code +91} number must match a registered
 * content template, go out from a header registered for that template, carry only whitelisted URLs and, when
 * promotional, be sent inside the promotional window. Immutable and thread-safe.
 *
 * <pre>{@code
 * AlertClient client = AlertClient.builder()
 *     ...
 *     .compliance(IndiaDlt.of(registry))
 *     .build();
 * }</pre>
 *
 * <p>On an SMS to {@code +91} that passes, the guard amends the message: the text (rendered from the template
 * when the alert gave {@link SmsContent#dlt(String, Map)}), the sender set to the chosen header,
 * {@link DltParameters} (entity id, template id, header) and the {@link dev.alertkit.SmsEncoding}. A message
 * that breaks a rule is rejected with a {@link Failure.Kind#PERMANENT} {@link Failure.Fault#CONTENT} failure whose
 * provider code is a {@link DltViolation.Code#code()} ({@code dlt.*}). SMS to other countries pass unchanged,
 * except that {@link SmsContent#dlt(String, Map)} content is rendered from the registry (and rejected when the
 * template is unknown). Other channels always pass.
 *
 * <p>The header is: the message's {@link OutboundMessage#sender() sender} when one is set (it must be registered
 * for the template); otherwise the {@link Builder#defaultHeader(String) default header} when the template is
 * registered for it; otherwise the template's only header. A template with several headers and no way to choose
 * is rejected ({@code dlt.header_ambiguous}).
 */
public final class IndiaDlt implements ComplianceGuard {
  /** The guard's name in reports. */
  public static final String NAME = "india-dlt";
  /** The time zone the promotional window is evaluated in. */
  public static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");
  /** Default start of the promotional window. */
  public static final LocalTime PROMOTIONAL_START = LocalTime.of(10, 0);
  /** Default end (exclusive) of the promotional window. */
  public static final LocalTime PROMOTIONAL_END = LocalTime.of(21, 0);

  private static final Logger LOG = LoggerFactory.getLogger(IndiaDlt.class);
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
  private static final int MAX_HITS = 16;
  private static final int EXCERPT = 16;

  private final DltRegistry registry;
  private final String defaultHeader;
  private final LocalTime promotionalStart;
  private final LocalTime promotionalEnd;

  private IndiaDlt(Builder b) {
    this.registry = b.registry;
    this.defaultHeader = b.defaultHeader;
    this.promotionalStart = b.start;
    this.promotionalEnd = b.end;
  }

  /**
   * A guard with the defaults: promotional window 10:00–21:00 Asia/Kolkata, no default header.
   *
   * @param registry the registry
   * @return the guard
   * @throws ValidationException when registry is null
   */
  public static IndiaDlt of(DltRegistry registry) {
    return builder(registry).build();
  }

  /**
   * Starts a guard with options.
   *
   * @param registry the registry
   * @return a builder
   * @throws ValidationException when registry is null
   */
  public static Builder builder(DltRegistry registry) {
    return new Builder(registry);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** @return the registry the guard checks against */
  public DltRegistry registry() {
    return registry;
  }

  /**
   * Checks one outbound message; see the class description for what is checked and amended.
   *
   * @param message the message
   * @param now the client's clock reading (the promotional window is evaluated on it)
   * @return allow with the amended message, or reject with a {@code dlt.*} failure
   * @throws NullPointerException when an argument is null
   */
  @Override
  public Verdict check(OutboundMessage message, Instant now) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(now, "now");
    if (message.channel() != Channel.SMS) {
      return Verdict.allow(message);
    }
    SmsContent sms = message.content().filter(c -> c instanceof SmsContent).map(c -> (SmsContent) c).orElse(null);
    boolean india = PhoneNumbers.countryCode(message.to()) == 91;
    if (!india) {
      if (sms == null || sms.dltTemplateId().isEmpty()) {
        return Verdict.allow(message);
      }
      DltTemplate t = registry.template(sms.dltTemplateId().get()).orElse(null);
      if (t == null) {
        return reject(message, unknownTemplate(sms.dltTemplateId().get()).violation().orElseThrow());
      }
      String text;
      if (sms.text().isPresent()) {
        text = sms.text().get();
      } else {
        try {
          text = t.render(t.values(sms.variables()));
        } catch (ValidationException e) {
          return reject(message, new DltViolation(DltViolation.Code.VARIABLES, e.getMessage()));
        }
      }
      return Verdict.allow(message.toBuilder().text(text).smsEncoding(SmsSegments.analyze(text)).build());
    }
    DltResult result =
        sms != null && sms.dltTemplateId().isPresent()
            ? evaluate(sms.dltTemplateId().get(), sms.text().isPresent() ? null : sms.variables(), sms.text().orElse(null), message.sender().orElse(null), now)
            : evaluate(null, null, message.text(), message.sender().orElse(null), now);
    if (!result.isCompliant()) {
      return reject(message, result.violation().orElseThrow());
    }
    DltMatch m = result.match().orElseThrow();
    return Verdict.allow(
        message.toBuilder()
            .text(m.text())
            .sender(m.header())
            .dlt(new DltParameters(registry.principalEntityId(), m.template().id(), m.header()))
            .smsEncoding(SmsSegments.analyze(m.text()))
            .build());
  }

  private static Verdict reject(OutboundMessage message, DltViolation v) {
    LOG.debug("DLT guard rejected {}: {}", message, v);
    return Verdict.reject(Failure.permanent(Failure.Fault.CONTENT, v.reason()).providerCode(v.code().code()).build());
  }

  /**
   * Checks SMS content as if it were sent to an Indian number, choosing the header as the guard does.
   *
   * @param content literal text ({@link SmsContent#text}) matched against all templates, or a template with
   *     variables or with rendered text, checked against that template
   * @param now the time the promotional window is evaluated at
   * @return the match or the violation
   * @throws NullPointerException when an argument is null
   */
  public DltResult evaluate(SmsContent content, Instant now) {
    return evaluate(content, null, now);
  }

  /**
   * Checks SMS content as if it were sent to an Indian number from a given header.
   *
   * @param content the content
   * @param header the header to send from, or null to choose as the guard does
   * @param now the time the promotional window is evaluated at
   * @return the match or the violation
   * @throws NullPointerException when content or now is null
   */
  public DltResult evaluate(SmsContent content, String header, Instant now) {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(now, "now");
    if (content.dltTemplateId().isPresent()) {
      return evaluate(content.dltTemplateId().get(), content.text().isPresent() ? null : content.variables(), content.text().orElse(null), header, now);
    }
    return evaluate(null, null, content.text().orElseThrow(), header, now);
  }

  /**
   * Checks a final text as if it were sent to an Indian number; the template is found by matching.
   *
   * @param text the final SMS text
   * @param header the header to send from, or null to choose as the guard does
   * @param now the time the promotional window is evaluated at
   * @return the match or the violation
   * @throws NullPointerException when text or now is null
   */
  public DltResult evaluate(String text, String header, Instant now) {
    return evaluate(null, null, Objects.requireNonNull(text, "text"), header, Objects.requireNonNull(now, "now"));
  }

  private DltResult evaluate(String templateId, Map<String, String> variables, String text, String header, Instant now) {
    if (header != null && registry.header(header).isEmpty()) {
      String registered = registry.headerIgnoringCase(header).orElse(null);
      if (registered != null) {
        return DltResult.violation(
            DltViolation.Code.HEADER_CASE, "header '" + header + "' is registered as '" + registered + "' (headers are case-sensitive); send it exactly as registered");
      }
      return DltResult.violation(
          DltViolation.Code.HEADER_NOT_REGISTERED,
          "header '" + header + "' is not registered for principal entity " + registry.principalEntityId() + " (registered: " + headerList() + ")");
    }
    DltTemplate template;
    List<String> values;
    String finalText;
    String chosen;
    if (templateId != null) {
      template = registry.template(templateId).orElse(null);
      if (template == null) {
        return unknownTemplate(templateId);
      }
      if (variables != null) {
        try {
          values = template.values(variables);
        } catch (ValidationException e) {
          return DltResult.violation(DltViolation.Code.VARIABLES, e.getMessage());
        }
        DltResult bad = checkValues(template, values);
        if (bad != null) {
          return bad;
        }
        finalText = template.render(values);
      } else {
        finalText = text;
        TemplateTrie single = TemplateTrie.of(template);
        List<TemplateTrie.Hit> hits = single.search(text, true, registry.rules(), t -> true, 1);
        if (hits.isEmpty()) {
          List<TemplateTrie.Hit> loose = single.search(text, false, null, t -> true, 1);
          DltResult bad = loose.isEmpty() ? null : checkValues(template, loose.get(0).values(text));
          if (bad != null) {
            return bad;
          }
          return DltResult.violation(
              DltViolation.Code.TEMPLATE_MISMATCH, "the text does not match template " + describe(template) + ": " + difference(single, text, registry.rules()));
        }
        values = hits.get(0).values(text);
      }
      chosen = chooseHeader(template, header);
      if (chosen == null) {
        return headerProblem(template, header);
      }
    } else {
      List<TemplateTrie.Hit> hits = registry.index().search(text, true, registry.rules(), t -> chooseHeader(t, header) != null, 1);
      if (hits.isEmpty()) {
        List<TemplateTrie.Hit> any = registry.index().search(text, true, registry.rules(), t -> true, 1);
        return any.isEmpty() ? noTemplate(text, header) : headerProblem(any.get(0).template(), header);
      }
      TemplateTrie.Hit hit = hits.get(0);
      template = hit.template();
      chosen = chooseHeader(template, header);
      values = hit.values(text);
      finalText = text;
    }
    for (String url : Urls.find(finalText)) {
      if (!registry.isWhitelisted(url)) {
        return DltResult.violation(
            DltViolation.Code.URL_NOT_WHITELISTED,
            "URL '" + url + "' is not whitelisted in the DLT registry (every URL in an SMS to India must be whitelisted; template " + template.id() + ")");
      }
    }
    if (template.category().isTimeRestricted()) {
      LocalTime ist = now.atZone(INDIA).toLocalTime();
      if (ist.isBefore(promotionalStart) || !ist.isBefore(promotionalEnd)) {
        return DltResult.violation(
            DltViolation.Code.PROMOTIONAL_HOURS,
            "template " + template.id() + " is promotional and may only be sent between " + HH_MM.format(promotionalStart) + " and "
                + HH_MM.format(promotionalEnd) + " IST (Asia/Kolkata); it is " + HH_MM.format(ist) + " IST now");
      }
    }
    return DltResult.compliant(new DltMatch(template, chosen, finalText, values));
  }

  private DltResult unknownTemplate(String templateId) {
    return DltResult.violation(
        DltViolation.Code.TEMPLATE_UNKNOWN, "template id " + templateId + " is not in the DLT registry (" + registry.size() + " templates registered)");
  }

  private String chooseHeader(DltTemplate t, String header) {
    if (header != null) {
      return t.headers().contains(header) ? header : null;
    }
    if (defaultHeader != null && t.headers().contains(defaultHeader)) {
      return defaultHeader;
    }
    return t.headers().size() == 1 ? t.headers().get(0) : null;
  }

  private DltResult headerProblem(DltTemplate t, String header) {
    if (header != null) {
      return DltResult.violation(
          DltViolation.Code.HEADER_NOT_FOR_TEMPLATE,
          "template " + t.id() + " is not registered for header '" + header + "' (it is registered for " + String.join(", ", t.headers()) + ")");
    }
    return DltResult.violation(
        DltViolation.Code.HEADER_AMBIGUOUS,
        "template " + t.id() + " is registered for several headers (" + String.join(", ", t.headers())
            + ") and none is chosen: set the message sender or IndiaDlt.builder(registry).defaultHeader(...)");
  }

  private DltResult noTemplate(String text, String header) {
    List<TemplateTrie.Hit> loose = registry.index().search(text, false, null, t -> true, MAX_HITS);
    for (TemplateTrie.Hit h : loose) {
      if (header == null || h.template().headers().contains(header)) {
        DltResult bad = checkValues(h.template(), h.values(text));
        if (bad != null) {
          return bad;
        }
      }
    }
    TemplateTrie.Miss miss = registry.index().closest(text, registry.rules());
    if (miss == null) {
      return DltResult.violation(DltViolation.Code.NO_TEMPLATE, "the text matches no registered DLT template (the registry has " + registry.size() + " templates)");
    }
    return DltResult.violation(
        DltViolation.Code.NO_TEMPLATE,
        "the text matches no registered DLT template; closest is " + describe(miss.template()) + ": " + difference(TemplateTrie.of(miss.template()), text, registry.rules()));
  }

  private static String describe(DltTemplate t) {
    return t.id() + " \"" + visible(t.text().length() > 80 ? t.text().substring(0, 77) + "..." : t.text()) + "\"";
  }

  private static String difference(TemplateTrie single, String text, TemplateTrie.ValueRules rules) {
    TemplateTrie.Miss miss = single.closest(text, rules);
    if (miss == null) {
      return "the text differs from it";
    }
    int i = miss.index();
    int from = Math.max(0, i - EXCERPT);
    String before = (from > 0 ? "..." : "") + text.substring(from, i);
    String expected = miss.expected().isEmpty() ? null : before + cut(miss.expected());
    String found = i >= text.length() ? null : before + cut(text.substring(i));
    StringBuilder s = new StringBuilder("text differs at index ").append(i).append(": expected ");
    s.append(expected == null ? "the end of the message" : "\"" + visible(expected) + "\"");
    s.append(" but found ").append(found == null ? "the end of the message" : "\"" + visible(found) + "\"");
    String hint = hint(miss.expected(), text, i);
    if (hint != null) {
      s.append(" (").append(hint).append(')');
    }
    return s.toString();
  }

  private static String hint(String expected, String text, int i) {
    if (expected.isEmpty() || i >= text.length()) {
      return expected.isEmpty() ? "extra text after the template's end" : "the text ends early";
    }
    char want = expected.charAt(0);
    char got = text.charAt(i);
    String quotes = "'\"‘’“”`´";
    if (quotes.indexOf(want) >= 0 && quotes.indexOf(got) >= 0) {
      return "straight vs curly quote: expected U+" + String.format("%04X", (int) want) + ", found U+" + String.format("%04X", (int) got);
    }
    if (Character.toLowerCase(want) == Character.toLowerCase(got)) {
      return "letter case differs; static text is case-sensitive";
    }
    if (got == ' ' && i > 0 && text.charAt(i - 1) == ' ') {
      return "double space";
    }
    if (want == '\n' || got == '\n' || want == '\r' || got == '\r') {
      return "line breaks differ";
    }
    return null;
  }

  private static String cut(String s) {
    return s.length() > EXCERPT ? s.substring(0, EXCERPT) + "..." : s;
  }

  private static String visible(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n");
  }

  private String headerList() {
    List<String> all = registry.headers().stream().map(DltHeader::value).collect(Collectors.toList());
    return all.size() <= 8 ? String.join(", ", all) : String.join(", ", all.subList(0, 8)) + ", ... (" + all.size() + " in all)";
  }

  /** The first placeholder value that breaks a rule, as a violation; null when all are fine. */
  private DltResult checkValues(DltTemplate t, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      PlaceholderType type = t.placeholders().get(i);
      String v = values.get(i);
      String which = "placeholder " + (i + 1) + " " + type.token() + " of template " + t.id();
      int length = v.codePointCount(0, v.length());
      if (length > PlaceholderType.MAX_LENGTH) {
        return DltResult.violation(
            DltViolation.Code.VARIABLE_TOO_LONG,
            which + " is " + length + " characters long; the limit is " + PlaceholderType.MAX_LENGTH + " (value \"" + visible(cut(v)) + "\")");
      }
      if (type != PlaceholderType.VAR && v.isEmpty()) {
        return DltResult.violation(DltViolation.Code.VARIABLE_TYPE, which + " must not be empty");
      }
      for (int k = 0; k < v.length(); ) {
        int cp = v.codePointAt(k);
        if (!TemplateTrie.allowed(type, cp)) {
          String rule = type == PlaceholderType.NUMERIC ? "digits 0-9 only" : type == PlaceholderType.ALPHANUMERIC ? "letters and digits only"
              : type == PlaceholderType.CBN ? "a phone number (digits, +, -, spaces, brackets)" : "without spaces";
          return DltResult.violation(
              type == PlaceholderType.URL || type == PlaceholderType.URLOTT ? DltViolation.Code.URL_NOT_WHITELISTED : DltViolation.Code.VARIABLE_TYPE,
              which + " must be " + rule + "; found '" + visible(new String(Character.toChars(cp))) + "' at index " + k + " of \"" + visible(cut(v)) + "\"");
        }
        k += Character.charCount(cp);
      }
      if (!registry.rules().accepts(type, v)) {
        switch (type) {
          case URL:
          case URLOTT:
            return DltResult.violation(DltViolation.Code.URL_NOT_WHITELISTED, "URL '" + v + "' in " + which + " is not whitelisted in the DLT registry");
          case CBN:
            return DltResult.violation(DltViolation.Code.CALLBACK_NOT_REGISTERED, which + ": '" + v + "' is not a registered call-back number");
          default:
            return DltResult.violation(DltViolation.Code.VARIABLE_TYPE, which + " must be an email address; found \"" + v + "\"");
        }
      }
    }
    return null;
  }

  /** Builds an {@link IndiaDlt}. Not thread-safe. */
  public static final class Builder {
    private final DltRegistry registry;
    private String defaultHeader;
    private LocalTime start = PROMOTIONAL_START;
    private LocalTime end = PROMOTIONAL_END;

    private Builder(DltRegistry registry) {
      if (registry == null) {
        throw new ValidationException("registry", "is required");
      }
      this.registry = registry;
    }

    /**
     * Sets the header used when a template is registered for several headers and the message names none.
     *
     * @param header a registered header, exactly as registered
     * @return this builder
     * @throws ValidationException when the header is not registered in the registry
     */
    public Builder defaultHeader(String header) {
      if (header == null || registry.header(header).isEmpty()) {
        String hint = header == null ? "" : registry.headerIgnoringCase(header).map(h -> " (registered as '" + h + "'; headers are case-sensitive)").orElse("");
        throw new ValidationException("defaultHeader", "'" + header + "' is not a registered header" + hint);
      }
      this.defaultHeader = header;
      return this;
    }

    /**
     * Sets the promotional window in Asia/Kolkata time (default 10:00 to 21:00; some operators use 09:00).
     *
     * @param start first allowed local time
     * @param end first local time no longer allowed
     * @return this builder
     * @throws ValidationException when either is null or start is not before end
     */
    public Builder promotionalWindow(LocalTime start, LocalTime end) {
      if (start == null || end == null || !start.isBefore(end)) {
        throw new ValidationException("promotionalWindow", "start must be before end, within one day (was " + start + " to " + end + ")");
      }
      this.start = start;
      this.end = end;
      return this;
    }

    /**
     * Builds the guard.
     *
     * @return the guard
     */
    public IndiaDlt build() {
      return new IndiaDlt(this);
    }
  }
}
