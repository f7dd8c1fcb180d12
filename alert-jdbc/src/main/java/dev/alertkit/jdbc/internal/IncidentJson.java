package dev.alertkit.jdbc.internal;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.ChannelContent;
import dev.alertkit.EmailContent;
import dev.alertkit.QuietHours;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.SmsContent;
import dev.alertkit.VoiceContent;
import dev.alertkit.WhatsAppContent;
import dev.alertkit.incident.Notification;
import dev.alertkit.incident.TimelineEntry;
import dev.alertkit.spi.support.MiniJson;
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
 * The JSON text of an incident's opening alert, notifications and timeline (the {@code alert}, {@code notifications}
 * and {@code timeline} columns). Written here, read with core's strict {@link MiniJson} reader.
 *
 * <p>The alert keeps what escalation uses: id, severity, title, body, labels, dedup key, requested channels, every
 * channel's content, creation time, deadline, and its recipients' ids, names, addresses, time zones, locales, quiet
 * hours, opt-outs, preferred order and attributes (not their verification times).
 */
public final class IncidentJson {
  private IncidentJson() {}

  // ------------------------------------------------------------------------------------------------ writing

  /**
   * @param a the alert
   * @return its JSON text
   */
  public static String alert(Alert a) {
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
    List<Object> recipients = new ArrayList<>();
    for (Recipient r : a.recipients()) {
      recipients.add(recipient(r));
    }
    m.put("recipients", recipients);
    return write(m);
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
    return m;
  }

  /**
   * @param notifications the notifications
   * @return their JSON text
   */
  public static String notifications(List<Notification> notifications) {
    List<Object> out = new ArrayList<>();
    for (Notification n : notifications) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("recipientId", n.recipientId());
      m.put("channel", n.channel().name());
      m.put("address", n.address());
      m.put("round", n.round());
      m.put("step", n.step());
      m.put("alertId", n.alertId());
      m.put("replyCode", n.replyCode());
      m.put("at", n.at().toString());
      out.add(m);
    }
    return write(out);
  }

  /**
   * @param timeline the entries
   * @return their JSON text
   */
  public static String timeline(List<TimelineEntry> timeline) {
    List<Object> out = new ArrayList<>();
    for (TimelineEntry e : timeline) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", e.at().toString());
      m.put("type", e.type().name());
      m.put("round", e.round());
      m.put("step", e.step());
      m.put("recipientId", e.recipientId().orElse(null));
      m.put("channel", e.channel().map(Channel::name).orElse(null));
      m.put("detail", e.detail());
      out.add(m);
    }
    return write(out);
  }

  private static List<String> names(Iterable<Channel> channels) {
    List<String> out = new ArrayList<>();
    channels.forEach(c -> out.add(c.name()));
    return out;
  }

  private static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      string(b, s);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        string(b, (String) e.getKey());
        b.append(':');
        write(b, e.getValue());
      }
      b.append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        write(b, l.get(i));
      }
      b.append(']');
    } else {
      throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  // ------------------------------------------------------------------------------------------------ reading

  /**
   * @param json the alert's JSON text
   * @return the alert
   * @throws IllegalArgumentException when the text is not an alert written by {@link #alert(Alert)}
   */
  public static Alert readAlert(String json) {
    Map<String, Object> m = object(MiniJson.parse(json));
    Alert.Builder b = Alert.builder().id(str(m, "id")).severity(Severity.valueOf(str(m, "severity"))).title(str(m, "title"))
        .labels(strings(m.get("labels"))).createdAt(Instant.parse(str(m, "createdAt")));
    opt(m, "body").ifPresent(b::body);
    opt(m, "dedupKey").ifPresent(b::dedupKey);
    opt(m, "deadline").map(Instant::parse).ifPresent(b::deadline);
    b.channels(channels(m.get("channels")).toArray(new Channel[0]));
    for (Object o : list(m.get("contents"))) {
      b.content(readContent(object(o)));
    }
    for (Object o : list(m.get("recipients"))) {
      b.recipient(readRecipient(object(o)));
    }
    return b.build();
  }

  private static ChannelContent readContent(Map<String, Object> m) {
    Channel channel = Channel.valueOf(str(m, "channel"));
    switch (channel) {
      case SMS: {
        Optional<String> template = opt(m, "dltTemplateId");
        Optional<String> text = opt(m, "text");
        if (template.isEmpty()) {
          return SmsContent.text(text.orElseThrow());
        }
        return text.isPresent() ? SmsContent.dltText(template.get(), text.get()) : SmsContent.dlt(template.get(), strings(m.get("variables")));
      }
      case VOICE: {
        VoiceContent v = VoiceContent.say(str(m, "text")).repeat(integer(m, "repeat"))
            .askToAcknowledge(Boolean.TRUE.equals(m.get("ask")));
        if (opt(m, "voice").isPresent()) {
          v = v.voice(opt(m, "voice").get());
        }
        if (opt(m, "language").isPresent()) {
          v = v.language(opt(m, "language").get());
        }
        return v;
      }
      case WHATSAPP: {
        Optional<String> sid = opt(m, "contentSid");
        WhatsAppContent w = sid.isPresent() ? WhatsAppContent.template(sid.get(), strings(m.get("variables")))
            : WhatsAppContent.text(str(m, "text"));
        return Boolean.TRUE.equals(m.get("session")) ? w.insideSessionWindow() : w;
      }
      default: {
        Optional<String> template = opt(m, "templateId");
        if (template.isPresent()) {
          return EmailContent.template(template.get(), strings(m.get("templateData")));
        }
        EmailContent e = EmailContent.of(str(m, "subject"), str(m, "text"));
        return opt(m, "html").isPresent() ? e.withHtml(opt(m, "html").get()) : e;
      }
    }
  }

  private static Recipient readRecipient(Map<String, Object> m) {
    Recipient.Builder b = Recipient.builder(str(m, "id"));
    opt(m, "name").ifPresent(b::name);
    opt(m, "phone").ifPresent(b::phone);
    opt(m, "whatsapp").ifPresent(b::whatsapp);
    opt(m, "email").ifPresent(b::email);
    b.timeZone(ZoneId.of(str(m, "timeZone")));
    opt(m, "locale").map(Locale::forLanguageTag).ifPresent(b::locale);
    for (Object q : list(m.get("quietHours"))) {
      List<Object> pair = list(q);
      b.quietHours(LocalTime.parse((String) pair.get(0)), LocalTime.parse((String) pair.get(1)));
    }
    channels(m.get("optedOut")).forEach(b::optOut);
    List<Channel> order = channels(m.get("preferredOrder"));
    if (!order.isEmpty()) {
      b.preferredOrder(order.toArray(new Channel[0]));
    }
    strings(m.get("attributes")).forEach(b::attribute);
    return b.build();
  }

  /**
   * @param json the notifications' JSON text
   * @return the notifications
   */
  public static List<Notification> readNotifications(String json) {
    List<Notification> out = new ArrayList<>();
    for (Object o : list(MiniJson.parse(json))) {
      Map<String, Object> m = object(o);
      out.add(new Notification(str(m, "recipientId"), Channel.valueOf(str(m, "channel")), str(m, "address"),
          integer(m, "round"), integer(m, "step"), str(m, "alertId"), str(m, "replyCode"), Instant.parse(str(m, "at"))));
    }
    return out;
  }

  /**
   * @param json the timeline's JSON text
   * @return the entries
   */
  public static List<TimelineEntry> readTimeline(String json) {
    List<TimelineEntry> out = new ArrayList<>();
    for (Object o : list(MiniJson.parse(json))) {
      Map<String, Object> m = object(o);
      out.add(new TimelineEntry(Instant.parse(str(m, "at")), TimelineEntry.Type.valueOf(str(m, "type")), integer(m, "round"),
          integer(m, "step"), opt(m, "recipientId"), opt(m, "channel").map(Channel::valueOf), str(m, "detail")));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object o) {
    if (!(o instanceof Map)) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    if (!(o instanceof List)) {
      throw new IllegalArgumentException("expected a JSON array");
    }
    return (List<Object>) o;
  }

  private static Map<String, String> strings(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    object(o).forEach((k, v) -> out.put(k, (String) v));
    return out;
  }

  private static List<Channel> channels(Object o) {
    List<Channel> out = new ArrayList<>();
    for (Object c : list(o)) {
      out.add(Channel.valueOf((String) c));
    }
    return out;
  }

  private static String str(Map<String, Object> m, String key) {
    return opt(m, key).orElseThrow(() -> new IllegalArgumentException("missing " + key));
  }

  private static Optional<String> opt(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v instanceof String s ? Optional.of(s) : Optional.empty();
  }

  private static int integer(Map<String, Object> m, String key) {
    return ((BigDecimal) m.get(key)).intValueExact();
  }
}
