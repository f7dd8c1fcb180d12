package dev.alertkit.testkit.emulator.internal.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The emulator's suppression lists, after SendGrid's suppressions OpenAPI description: per-address lookups
 * ({@code GET /v3/suppression/{bounces|blocks|spam_reports|invalid_emails}/{email}} answer a JSON array, empty when
 * the address is not listed; {@code GET /v3/asm/suppressions/global/{email}} answers
 * {@code {"recipient_email": ...}} or {@code {}}) and which recipients of an accepted mail SendGrid would drop,
 * given its {@code mail_settings} bypass filters. Thread-safe.
 */
public final class Suppressions {
  /** A list, by SendGrid's name. */
  public enum Kind {
    /** {@code bounces}. */
    BOUNCES("bounces", "bypass_bounce_management"),
    /** {@code blocks}: listed, but SendGrid does not suppress on it. */
    BLOCKS("blocks", null),
    /** {@code spam_reports}. */
    SPAM_REPORTS("spam_reports", "bypass_spam_management"),
    /** {@code invalid_emails}. */
    INVALID_EMAILS("invalid_emails", null),
    /** Global unsubscribes. */
    UNSUBSCRIBES("unsubscribes", "bypass_unsubscribe_management");

    final String wire;
    final String bypass;

    Kind(String wire, String bypass) {
      this.wire = wire;
      this.bypass = bypass;
    }
  }

  /**
   * One listed address.
   *
   * @param email the address as listed
   * @param reason SendGrid's reason text
   * @param created when it was listed
   */
  private record Listed(String email, String reason, Instant created) {}

  private final ObjectMapper mapper;
  private final Map<Kind, Map<String, Listed>> lists = new EnumMap<>(Kind.class);

  /**
   * Creates empty lists.
   *
   * @param mapper the JSON mapper
   */
  public Suppressions(ObjectMapper mapper) {
    this.mapper = mapper;
    for (Kind l : Kind.values()) {
      lists.put(l, new LinkedHashMap<>());
    }
  }

  /**
   * Lists an address.
   *
   * @param list the list
   * @param email the address
   * @param reason the reason text
   * @param created when
   */
  public synchronized void add(Kind list, String email, String reason, Instant created) {
    lists.get(list).put(email.toLowerCase(Locale.ROOT), new Listed(email, reason, created));
  }

  /** Empties every list. */
  public synchronized void clear() {
    lists.values().forEach(Map::clear);
  }

  /**
   * Answers a GET for one address.
   *
   * @param rawPath the raw request path
   * @return status and JSON body, or empty when the path is not a suppression lookup
   */
  public synchronized Optional<Map.Entry<Integer, String>> answer(String rawPath) {
    String path = decode(rawPath);
    String global = "/v3/asm/suppressions/global/";
    if (path.startsWith(global)) {
      String email = path.substring(global.length());
      Listed l = lists.get(Kind.UNSUBSCRIBES).get(email.toLowerCase(Locale.ROOT));
      ObjectNode n = mapper.createObjectNode();
      if (l != null) {
        n.put("recipient_email", l.email());
      }
      return Optional.of(Map.entry(200, n.toString()));
    }
    for (Kind list : new Kind[] {Kind.BOUNCES, Kind.BLOCKS, Kind.SPAM_REPORTS, Kind.INVALID_EMAILS}) {
      String prefix = "/v3/suppression/" + list.wire + "/";
      if (path.startsWith(prefix) && path.length() > prefix.length() && path.indexOf('/', prefix.length()) < 0) {
        ArrayNode a = mapper.createArrayNode();
        Listed l = lists.get(list).get(path.substring(prefix.length()).toLowerCase(Locale.ROOT));
        if (l != null) {
          ObjectNode n = a.addObject();
          n.put("created", l.created().getEpochSecond());
          n.put("email", l.email());
          if (list == Kind.SPAM_REPORTS) {
            n.put("ip", "10.89.32.5");
          } else {
            n.put("reason", l.reason());
          }
          if (list == Kind.BOUNCES || list == Kind.BLOCKS) {
            n.put("status", list == Kind.BOUNCES ? "5.1.1" : "4.0.0");
          }
        }
        return Optional.of(Map.entry(200, a.toString()));
      }
    }
    return Optional.empty();
  }

  /**
   * Checks the bypass filters of a mail: {@code bypass_list_management} cannot be combined with the others.
   *
   * @param root the mail body
   * @return the error message, when the combination is invalid
   */
  public static Optional<String> invalidBypass(JsonNode root) {
    JsonNode s = root.path("mail_settings");
    boolean list = s.path("bypass_list_management").path("enable").asBoolean(false);
    boolean other = s.path("bypass_bounce_management").path("enable").asBoolean(false)
        || s.path("bypass_spam_management").path("enable").asBoolean(false)
        || s.path("bypass_unsubscribe_management").path("enable").asBoolean(false);
    return list && other
        ? Optional.of("The bypass_list_management filter cannot be combined with the other bypass filters.")
        : Optional.empty();
  }

  /**
   * The recipients SendGrid would drop from an accepted mail, with the list that suppresses each.
   *
   * @param root the mail body
   * @param emails the recipients, in order
   * @return address and list per dropped recipient
   */
  public synchronized List<Map.Entry<String, Kind>> drops(JsonNode root, List<String> emails) {
    JsonNode s = root.path("mail_settings");
    boolean all = s.path("bypass_list_management").path("enable").asBoolean(false);
    List<Map.Entry<String, Kind>> out = new ArrayList<>();
    for (String e : emails) {
      for (Kind l : Kind.values()) {
        if (l == Kind.BLOCKS || all || !lists.get(l).containsKey(e.toLowerCase(Locale.ROOT))) {
          continue;
        }
        if (l.bypass != null && s.path(l.bypass).path("enable").asBoolean(false)) {
          continue;
        }
        out.add(Map.entry(e, l));
        break;
      }
    }
    return out;
  }

  private static String decode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
