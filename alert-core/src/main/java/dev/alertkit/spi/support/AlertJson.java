package dev.alertkit.spi.support;

import static dev.alertkit.spi.support.MiniJson.array;
import static dev.alertkit.spi.support.MiniJson.integer;
import static dev.alertkit.spi.support.MiniJson.object;
import static dev.alertkit.spi.support.MiniJson.optionalString;
import static dev.alertkit.spi.support.MiniJson.string;
import static dev.alertkit.spi.support.MiniJson.write;

import dev.alertkit.Alert;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.ChannelContent;
import dev.alertkit.EmailContent;
import dev.alertkit.Failure;
import dev.alertkit.Outcome;
import dev.alertkit.QuietHours;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.Severity;
import dev.alertkit.SkippedChannel;
import dev.alertkit.SmsContent;
import dev.alertkit.SmsEncoding;
import dev.alertkit.VoiceContent;
import dev.alertkit.WhatsAppContent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON text of an alert and of a recipient's report, as alertkit keeps them outside the heap: a durable
 * submission, a durable deferred send, a dispatch journal's reports, an incident's opening alert. Stores keep the text
 * as it is; use this class when a store needs the alert itself. Written here, read with the strict {@link MiniJson}
 * reader; the format may gain fields within a minor version, and readers ignore fields they do not know.
 *
 * <p>An alert keeps everything dispatch uses: id, severity, title, body, labels, dedup key, requested channels, every
 * channel's content, creation time, deadline, and its recipients' ids, names, addresses, time zones, locales, quiet
 * hours, opt-outs, preferred order, attributes and verification times. A report keeps the outcome, reason, rule,
 * attempts (without their cost estimates), skips and the deferral time; not the delivery plan.
 */
public final class AlertJson {
  private AlertJson() {}

  // ------------------------------------------------------------------------------------------------ alerts

  /**
   * Writes an alert.
   *
   * @param a the alert
   * @return its JSON text
   */
  public static String alert(Alert a) {
    return alert(a, a.recipients());
  }

  /**
   * Writes an alert with some of its recipients.
   *
   * @param a the alert
   * @param recipients the recipients to keep (a deferred send keeps one)
   * @return the JSON text of the alert with only these recipients
   */
  public static String alert(Alert a, List<Recipient> recipients) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("severity", a.severity().name());
    m.put("title", a.title());
    m.put("body", a.body().orElse(null));
    m.put("labels", a.labels());
    m.put("dedupKey", a.dedupKey().orElse(null));
    m.put("channels", names(a.requestedChannels()));
    List<Object> contents = new ArrayList<>();
    for (ChannelContent c : a.contents().values()) {
      contents.add(content(c));
    }
    m.put("contents", contents);
    m.put("createdAt", a.createdAt().toString());
    m.put("deadline", a.deadline().map(Instant::toString).orElse(null));
    List<Object> out = new ArrayList<>();
    for (Recipient r : recipients) {
      out.add(recipient(r));
    }
    m.put("recipients", out);
    return write(m);
  }

  /**
   * Reads an alert.
   *
   * @param json the alert's JSON text
   * @return the alert
   * @throws IllegalArgumentException when the text is not an alert written by {@link #alert(Alert)}
   */
  public static Alert readAlert(String json) {
    Map<String, Object> m = object(MiniJson.parse(json));
    Alert.Builder b = Alert.builder().id(string(m, "id")).severity(Severity.valueOf(string(m, "severity"))).title(string(m, "title"))
        .labels(strings(m.get("labels"))).createdAt(Instant.parse(string(m, "createdAt")));
    optionalString(m, "body").ifPresent(b::body);
    optionalString(m, "dedupKey").ifPresent(b::dedupKey);
    optionalString(m, "deadline").map(Instant::parse).ifPresent(b::deadline);
    b.channels(channels(m.get("channels")).toArray(new Channel[0]));
    for (Object o : array(m.get("contents"))) {
      b.content(readContent(object(o)));
    }
    for (Object o : array(m.get("recipients"))) {
      b.recipient(readRecipient(object(o)));
    }
    return b.build();
  }

  private static Map<String, Object> content(ChannelContent c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("channel", c.channel().name());
    if (c instanceof SmsContent s) {
      m.put("text", s.text().orElse(null));
      m.put("dltTemplateId", s.dltTemplateId().orElse(null));
      m.put("variables", s.variables());
    } else if (c instanceof VoiceContent v) {
      m.put("text", v.text());
      m.put("repeat", v.repeatCount());
      m.put("ask", v.asksToAcknowledge());
      m.put("voice", v.voiceName().orElse(null));
      m.put("language", v.languageTag().orElse(null));
    } else if (c instanceof WhatsAppContent w) {
      m.put("text", w.text().orElse(null));
      m.put("contentSid", w.contentSid().orElse(null));
      m.put("variables", w.variables());
      m.put("session", w.isInsideSessionWindow());
    } else if (c instanceof EmailContent e) {
      m.put("subject", e.subject().orElse(null));
      m.put("text", e.text().orElse(null));
      m.put("html", e.html().orElse(null));
      m.put("templateId", e.templateId().orElse(null));
      m.put("templateData", e.templateData());
    } else {
      throw new IllegalArgumentException("unknown channel content " + c.getClass().getName());
    }
    return m;
  }

  private static ChannelContent readContent(Map<String, Object> m) {
    Channel channel = Channel.valueOf(string(m, "channel"));
    switch (channel) {
      case SMS: {
        Optional<String> template = optionalString(m, "dltTemplateId");
        Optional<String> text = optionalString(m, "text");
        if (template.isEmpty()) {
          return SmsContent.text(text.orElseThrow());
        }
        return text.isPresent() ? SmsContent.dltText(template.get(), text.get()) : SmsContent.dlt(template.get(), strings(m.get("variables")));
      }
      case VOICE: {
        VoiceContent v = VoiceContent.say(string(m, "text")).repeat(integer(m, "repeat"))
            .askToAcknowledge(Boolean.TRUE.equals(m.get("ask")));
        if (optionalString(m, "voice").isPresent()) {
          v = v.voice(optionalString(m, "voice").get());
        }
        if (optionalString(m, "language").isPresent()) {
          v = v.language(optionalString(m, "language").get());
        }
        return v;
      }
      case WHATSAPP: {
        Optional<String> sid = optionalString(m, "contentSid");
        WhatsAppContent w = sid.isPresent() ? WhatsAppContent.template(sid.get(), strings(m.get("variables")))
            : WhatsAppContent.text(string(m, "text"));
        return Boolean.TRUE.equals(m.get("session")) ? w.insideSessionWindow() : w;
      }
      default: {
        Optional<String> template = optionalString(m, "templateId");
        if (template.isPresent()) {
          return EmailContent.template(template.get(), strings(m.get("templateData")));
        }
        EmailContent e = EmailContent.of(string(m, "subject"), string(m, "text"));
        return optionalString(m, "html").isPresent() ? e.withHtml(optionalString(m, "html").get()) : e;
      }
    }
  }

  private static Map<String, Object> recipient(Recipient r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("name", r.name().orElse(null));
    m.put("phone", r.phone().orElse(null));
    m.put("whatsapp", r.whatsapp().orElse(null));
    m.put("email", r.email().orElse(null));
    m.put("timeZone", r.timeZone().getId());
    m.put("locale", r.locale().map(Locale::toLanguageTag).orElse(null));
    List<Object> quiet = new ArrayList<>();
    for (QuietHours q : r.quietHours()) {
      quiet.add(List.of(q.start().toString(), q.end().toString()));
    }
    m.put("quietHours", quiet);
    m.put("optedOut", names(r.optedOut()));
    m.put("preferredOrder", names(r.preferredOrder()));
    m.put("attributes", r.attributes());
    m.put("phoneVerifiedAt", r.phone().flatMap(p -> r.verifiedAt(Channel.SMS)).map(Instant::toString).orElse(null));
    m.put("emailVerifiedAt", r.email().flatMap(e -> r.verifiedAt(Channel.EMAIL)).map(Instant::toString).orElse(null));
    m.put("whatsappVerifiedAt", r.whatsapp().flatMap(w -> r.verifiedAt(Channel.WHATSAPP)).map(Instant::toString).orElse(null));
    return m;
  }

  private static Recipient readRecipient(Map<String, Object> m) {
    Recipient.Builder b = Recipient.builder(string(m, "id"));
    optionalString(m, "name").ifPresent(b::name);
    optionalString(m, "phone").ifPresent(b::phone);
    optionalString(m, "whatsapp").ifPresent(b::whatsapp);
    optionalString(m, "email").ifPresent(b::email);
    b.timeZone(ZoneId.of(string(m, "timeZone")));
    optionalString(m, "locale").map(Locale::forLanguageTag).ifPresent(b::locale);
    for (Object q : array(m.get("quietHours"))) {
      List<Object> pair = array(q);
      b.quietHours(LocalTime.parse((String) pair.get(0)), LocalTime.parse((String) pair.get(1)));
    }
    channels(m.get("optedOut")).forEach(b::optOut);
    List<Channel> order = channels(m.get("preferredOrder"));
    if (!order.isEmpty()) {
      b.preferredOrder(order.toArray(new Channel[0]));
    }
    strings(m.get("attributes")).forEach(b::attribute);
    optionalString(m, "phoneVerifiedAt").map(Instant::parse).ifPresent(b::phoneVerifiedAt);
    optionalString(m, "emailVerifiedAt").map(Instant::parse).ifPresent(b::emailVerifiedAt);
    optionalString(m, "whatsappVerifiedAt").map(Instant::parse).ifPresent(b::whatsappVerifiedAt);
    return b.build();
  }

  // ------------------------------------------------------------------------------------------------ reports

  /**
   * Writes a recipient's report.
   *
   * @param r a recipient's report
   * @return its JSON text (without the plan and the attempts' cost estimates)
   */
  public static String report(RecipientReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("recipientId", r.recipientId());
    m.put("outcome", r.outcome().name());
    m.put("reason", r.reason().orElse(null));
    m.put("rule", r.rule().orElse(null));
    List<Object> attempts = new ArrayList<>();
    for (Attempt a : r.attempts()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("attemptId", a.attemptId());
      x.put("channel", a.channel().name());
      x.put("tier", a.tier());
      x.put("provider", a.provider());
      x.put("to", a.to());
      x.put("accepted", a.accepted());
      x.put("providerMessageId", a.providerMessageId().orElse(null));
      x.put("providerStatus", a.providerStatus().orElse(null));
      x.put("failure", a.failure().map(AlertJson::failure).orElse(null));
      x.put("requests", a.requests());
      x.put("ambiguousResend", a.ambiguousResend());
      x.put("smsEncoding", a.smsEncoding().map(e -> List.of(e.charset().name(), e.units(), e.segments())).orElse(null));
      x.put("startedAt", a.startedAt().toString());
      x.put("finishedAt", a.finishedAt().toString());
      attempts.add(x);
    }
    m.put("attempts", attempts);
    List<Object> skipped = new ArrayList<>();
    for (SkippedChannel k : r.skipped()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("channel", k.channel().name());
      x.put("tier", k.tier());
      x.put("reason", k.reason());
      skipped.add(x);
    }
    m.put("skipped", skipped);
    m.put("deferredUntil", r.deferredUntil().map(Instant::toString).orElse(null));
    return write(m);
  }

  private static Map<String, Object> failure(Failure f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", f.kind().name());
    m.put("fault", f.fault().name());
    m.put("reason", f.reason());
    m.put("providerCode", f.providerCode().orElse(null));
    m.put("httpStatus", f.httpStatus().isPresent() ? f.httpStatus().getAsInt() : null);
    return m;
  }

  /**
   * Reads a recipient's report.
   *
   * @param json a report's JSON text
   * @return the report
   * @throws IllegalArgumentException when the text is not a report written by {@link #report(RecipientReport)}
   */
  public static RecipientReport readReport(String json) {
    Map<String, Object> m = object(MiniJson.parse(json));
    List<Attempt> attempts = new ArrayList<>();
    for (Object o : array(m.get("attempts"))) {
      Map<String, Object> x = object(o);
      Optional<Failure> failure = x.get("failure") instanceof Map ? Optional.of(readFailure(object(x.get("failure"))))
          : Optional.empty();
      attempts.add(new Attempt(string(x, "attemptId"), Channel.valueOf(string(x, "channel")), integer(x, "tier"), string(x, "provider"),
          string(x, "to"), Boolean.TRUE.equals(x.get("accepted")), optionalString(x, "providerMessageId"), optionalString(x, "providerStatus"), failure,
          integer(x, "requests"), Boolean.TRUE.equals(x.get("ambiguousResend")), encoding(x.get("smsEncoding")),
          Instant.parse(string(x, "startedAt")), Instant.parse(string(x, "finishedAt"))));
    }
    List<SkippedChannel> skipped = new ArrayList<>();
    for (Object o : array(m.get("skipped"))) {
      Map<String, Object> x = object(o);
      skipped.add(new SkippedChannel(Channel.valueOf(string(x, "channel")), integer(x, "tier"), string(x, "reason")));
    }
    return new RecipientReport(string(m, "recipientId"), Outcome.valueOf(string(m, "outcome")), optionalString(m, "reason"), optionalString(m, "rule"),
        Optional.empty(), attempts, skipped, optionalString(m, "deferredUntil").map(Instant::parse));
  }

  private static Optional<SmsEncoding> encoding(Object o) {
    if (!(o instanceof List)) {
      return Optional.empty();
    }
    List<Object> l = array(o);
    return Optional.of(new SmsEncoding(SmsEncoding.Charset.valueOf((String) l.get(0)), ((BigDecimal) l.get(1)).intValueExact(),
        ((BigDecimal) l.get(2)).intValueExact()));
  }

  private static Failure readFailure(Map<String, Object> m) {
    Failure.Fault fault = Failure.Fault.valueOf(string(m, "fault"));
    String reason = string(m, "reason");
    Failure.Builder b = switch (Failure.Kind.valueOf(string(m, "kind"))) {
      case RETRYABLE -> Failure.retryable(fault, reason);
      case PERMANENT -> Failure.permanent(fault, reason);
      case AMBIGUOUS -> Failure.ambiguous(fault, reason);
    };
    optionalString(m, "providerCode").ifPresent(b::providerCode);
    if (m.get("httpStatus") instanceof BigDecimal d) {
      b.httpStatus(d.intValueExact());
    }
    return b.build();
  }

  // ------------------------------------------------------------------------------------------------ text

  private static List<String> names(Iterable<Channel> channels) {
    List<String> out = new ArrayList<>();
    channels.forEach(c -> out.add(c.name()));
    return out;
  }






  private static Map<String, String> strings(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    object(o).forEach((k, v) -> out.put(k, (String) v));
    return out;
  }

  private static List<Channel> channels(Object o) {
    List<Channel> out = new ArrayList<>();
    for (Object c : array(o)) {
      out.add(Channel.valueOf((String) c));
    }
    return out;
  }



}
