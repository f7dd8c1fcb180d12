package dev.alertkit.sendgrid.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Builds the JSON body of {@code POST /v3/mail/send}. Thread-safe.
 */
public final class MailJson {
  private final ObjectMapper mapper = new ObjectMapper();

  /** The sender and the settings every mail of one account shares. */
  public record Envelope(
      String fromEmail, Optional<String> fromName, Optional<String> replyTo, List<String> categories,
      OptionalInt asmGroupId, boolean sandbox) {}

  /**
   * One recipient of a mail.
   *
   * @param email the address
   * @param name the display name, if known
   * @param customArgs the correlation this recipient's events will carry
   */
  public record Personalization(String email, Optional<String> name, Map<String, String> customArgs) {}

  /** Creates a builder. */
  public MailJson() {}

  /**
   * The size of a {@code custom_args} object as SendGrid counts it (its JSON, in UTF-8 bytes).
   *
   * @param customArgs the arguments
   * @return the size in bytes
   */
  public int customArgsBytes(Map<String, String> customArgs) {
    ObjectNode node = mapper.createObjectNode();
    customArgs.forEach(node::put);
    return toBytes(node).length;
  }

  /**
   * Builds the request body.
   *
   * @param envelope sender and shared settings
   * @param email what the mail says
   * @param personalizations one per recipient, 1 to 1,000
   * @return the JSON as UTF-8 bytes
   */
  public byte[] body(Envelope envelope, RenderedEmail email, List<Personalization> personalizations) {
    return body(envelope, email, personalizations, java.util.Set.of());
  }

  /**
   * Builds the {@code POST /v3/mail/send} body with emergency bypass mail settings.
   *
   * @param envelope sender and shared settings
   * @param email what the mail says
   * @param personalizations one per recipient, 1 to 1,000
   * @param bypass {@code mail_settings} names to enable, e.g. {@code bypass_bounce_management}; empty for none
   * @return the JSON as UTF-8 bytes
   */
  public byte[] body(Envelope envelope, RenderedEmail email, List<Personalization> personalizations, java.util.Set<String> bypass) {
    ObjectNode root = mapper.createObjectNode();
    ArrayNode ps = root.putArray("personalizations");
    for (Personalization p : personalizations) {
      ObjectNode pn = ps.addObject();
      ObjectNode to = pn.putArray("to").addObject();
      to.put("email", p.email());
      p.name().map(MailJson::displayName).filter(n -> !n.isBlank()).ifPresent(n -> to.put("name", n));
      ObjectNode args = pn.putObject("custom_args");
      p.customArgs().forEach(args::put);
      if (email.templateId().isPresent()) {
        pn.set("dynamic_template_data", mapper.valueToTree(email.templateData()));
      }
    }
    ObjectNode from = root.putObject("from");
    from.put("email", envelope.fromEmail());
    envelope.fromName().ifPresent(n -> from.put("name", n));
    envelope.replyTo().ifPresent(r -> root.putObject("reply_to").put("email", r));
    email.subject().ifPresent(s -> root.put("subject", s));
    if (email.text().isPresent() || email.html().isPresent()) {
      ArrayNode content = root.putArray("content");
      email.text().ifPresent(t -> content.addObject().put("type", "text/plain").put("value", t));
      email.html().ifPresent(h -> content.addObject().put("type", "text/html").put("value", h));
    }
    email.templateId().ifPresent(id -> root.put("template_id", id));
    if (!envelope.categories().isEmpty()) {
      ArrayNode categories = root.putArray("categories");
      envelope.categories().forEach(categories::add);
    }
    envelope.asmGroupId().ifPresent(id -> root.putObject("asm").put("group_id", id));
    if (envelope.sandbox() || !bypass.isEmpty()) {
      ObjectNode settings = root.putObject("mail_settings");
      for (String b : new java.util.TreeSet<>(bypass)) {
        settings.putObject(b).put("enable", true);
      }
      if (envelope.sandbox()) {
        settings.putObject("sandbox_mode").put("enable", true);
      }
    }
    return toBytes(root);
  }

  /**
   * Reads SendGrid's error body {@code {"errors":[{"message","field","help"}]}} into one line per error.
   *
   * @param body the response body, possibly empty or not JSON
   * @return "field: message (help)" per error; empty when the body holds none
   */
  public List<String> errors(String body) {
    if (body == null || body.isBlank()) {
      return List.of();
    }
    try {
      var root = mapper.readTree(body);
      var errors = root.path("errors");
      if (!errors.isArray()) {
        return List.of();
      }
      java.util.ArrayList<String> out = new java.util.ArrayList<>();
      for (var e : errors) {
        String message = text(e, "message");
        String field = text(e, "field");
        String help = text(e, "help");
        StringBuilder s = new StringBuilder();
        if (field != null) {
          s.append(field).append(": ");
        }
        s.append(message == null ? "(no message)" : message);
        if (help != null) {
          s.append(" (").append(help).append(')');
        }
        out.add(s.toString());
      }
      return out;
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }

  private static String text(com.fasterxml.jackson.databind.JsonNode node, String field) {
    var v = node.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }

  /** SendGrid refuses {@code ,} and {@code ;} in display names; replace them. */
  private static String displayName(String name) {
    return name.replace(',', ' ').replace(';', ' ').strip();
  }

  private byte[] toBytes(Object node) {
    try {
      return mapper.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the SendGrid request", e);
    }
  }
}
