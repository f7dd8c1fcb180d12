package dev.alertkit.testkit.emulator.internal.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.testkit.emulator.TwilioEmulator.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twilio Verify v2 ({@code verify.twilio.com}) and Lookup v2 ({@code lookups.twilio.com}) for the emulator, after
 * the official OpenAPI descriptions: Verifications (create, fetch, update), VerificationCheck, and PhoneNumbers with
 * {@code Fields=line_type_intelligence}. Codes expire 10 minutes after the verification was created (on the
 * emulator's clock); 5 sends and 5 checks per verification, then 429 with 60203 / 60202. Called by {@link TwilioApi}
 * under its lock; not thread-safe on its own.
 */
public final class VerifyLookupApi {
  private static final Pattern VERIFICATIONS = Pattern.compile("/v2/Services/([^/]+)/Verifications");
  private static final Pattern VERIFICATION = Pattern.compile("/v2/Services/([^/]+)/Verifications/([^/]+)");
  private static final Pattern CHECK = Pattern.compile("/v2/Services/([^/]+)/VerificationCheck");
  private static final Pattern LOOKUP = Pattern.compile("/v2/PhoneNumbers/([^/]+)");
  private static final Pattern SERVICE_SID = Pattern.compile("VA[0-9a-fA-F]{32}");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Set<String> CHANNELS = Set.of("sms", "call", "whatsapp", "email");
  private static final Set<String> LOOKUP_FIELDS = Set.of("validation", "caller_name", "sim_swap", "call_forwarding", "line_status",
      "line_type_intelligence", "identity_match", "reassigned_number", "sms_pumping_risk", "phone_number_quality_score", "pre_fill");
  /** How long a code lives (Twilio's default). */
  public static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
  /** Sends and checks allowed per verification (Twilio's defaults). */
  public static final int MAX_ATTEMPTS = 5;

  private final String accountSid;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, V> bySid = new LinkedHashMap<>();
  private final Map<String, String> pending = new HashMap<>();
  private final Map<String, String> lineTypes = new HashMap<>();
  private long sequence;

  /** One verification. */
  private static final class V {
    final String sid;
    final String service;
    final String to;
    String channel;
    final String code;
    String status = "pending";
    final Instant created;
    Instant updated;
    int sends = 1;
    int checks;

    V(String sid, String service, String to, String channel, String code, Instant created) {
      this.sid = sid;
      this.service = service;
      this.to = to;
      this.channel = channel;
      this.code = code;
      this.created = created;
      this.updated = created;
    }

    TwilioEmulator.Verification view() {
      return new TwilioEmulator.Verification(sid, service, to, channel, status, sends, checks);
    }
  }

  /**
   * Creates the API.
   *
   * @param accountSid the account SID put into answers
   * @param clock the clock for timestamps and expiry
   */
  public VerifyLookupApi(String accountSid, Clock clock) {
    this.accountSid = accountSid;
    this.clock = clock;
  }

  /**
   * Whether a path belongs to Verify or Lookup.
   *
   * @param path the raw path
   * @return true for {@code /v2/Services/...} and {@code /v2/PhoneNumbers/...}
   */
  public static boolean handles(String path) {
    return path.startsWith("/v2/Services/") || path.startsWith("/v2/PhoneNumbers/");
  }

  /**
   * Sets the line type Lookup reports for a number (default {@code mobile}).
   *
   * @param number E.164
   * @param type e.g. {@code landline}, {@code mobile}, {@code nonFixedVoip}, {@code unknown}
   */
  public void lineType(String number, String type) {
    lineTypes.put(number, type);
  }

  /**
   * The code of the latest verification sent to an address.
   *
   * @param to the number or email
   * @return the code, when one was sent
   */
  public Optional<String> code(String to) {
    String found = null;
    for (V v : bySid.values()) {
      if (v.to.equals(to)) {
        found = v.code;
      }
    }
    return Optional.ofNullable(found);
  }

  /** @return every verification, in creation order */
  public List<TwilioEmulator.Verification> verifications() {
    List<TwilioEmulator.Verification> out = new ArrayList<>();
    bySid.values().forEach(v -> out.add(v.view()));
    return List.copyOf(out);
  }

  /** Forgets every verification and line type. */
  public void reset() {
    bySid.clear();
    pending.clear();
    lineTypes.clear();
  }

  /**
   * Answers one Verify or Lookup request (already authenticated).
   *
   * @param method the HTTP method
   * @param rawPath the raw (percent-encoded) path
   * @param params form or query parameters
   * @param scripted a scripted reply, or null
   * @return the answer
   */
  public ResponseDefinition answer(String method, String rawPath, Map<String, List<String>> params, Reply scripted) {
    if (scripted != null) {
      switch (scripted.kind()) {
        case TWILIO_ERROR:
          ResponseDefinitionBuilder b = errorBuilder(scripted.status(), scripted.code(), scripted.message());
          scripted.retryAfter().ifPresent(d -> b.withHeader("Retry-After", Long.toString(d.toSeconds())));
          return b.build();
        case HTML_ERROR:
          return ResponseDefinitionBuilder.responseDefinition().withStatus(scripted.status()).withHeader("Content-Type", "text/html")
              .withBody("<html><body><h1>" + scripted.status() + "</h1></body></html>").build();
        case CONNECTION_RESET:
          return ResponseDefinitionBuilder.responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        default:
          break;
      }
    }
    ResponseDefinition normal = route(method, decode(rawPath), params);
    if (scripted != null && scripted.kind() == Reply.Kind.DELAYED) {
      return ResponseDefinitionBuilder.like(normal).withFixedDelay((int) scripted.delay().orElseThrow().toMillis()).build();
    }
    if (scripted != null && scripted.kind() == Reply.Kind.MALFORMED_JSON && normal.getStatus() < 300) {
      String body = normal.getBody();
      return ResponseDefinitionBuilder.like(normal).withBody(body.substring(0, body.length() / 2)).build();
    }
    return normal;
  }

  private ResponseDefinition route(String method, String path, Map<String, List<String>> p) {
    Matcher m;
    if ((m = LOOKUP.matcher(path)).matches()) {
      return "GET".equals(method) ? lookup(m.group(1), p) : error(405, 20004, "Method not allowed");
    }
    if ((m = VERIFICATIONS.matcher(path)).matches()) {
      return !service(m.group(1)) ? notFound(path) : "POST".equals(method) ? start(m.group(1), p) : error(405, 20004, "Method not allowed");
    }
    if ((m = VERIFICATION.matcher(path)).matches()) {
      if (!service(m.group(1))) {
        return notFound(path);
      }
      V v = bySid.get(m.group(2));
      if (v == null || !v.service.equals(m.group(1))) {
        return notFound(path);
      }
      expire(v);
      if ("GET".equals(method)) {
        return ok(200, verification(v));
      }
      if (!"POST".equals(method)) {
        return error(405, 20004, "Method not allowed");
      }
      String status = first(p, "Status").orElse("");
      if (!status.equals("canceled") && !status.equals("approved")) {
        return error(400, 60200, "Invalid parameter: Status");
      }
      if (!v.status.equals("pending")) {
        return notFound(path);
      }
      v.status = status;
      v.updated = clock.instant();
      pending.remove(key(v.service, v.to));
      return ok(200, verification(v));
    }
    if ((m = CHECK.matcher(path)).matches()) {
      return !service(m.group(1)) ? notFound(path) : "POST".equals(method) ? check(m.group(1), path, p) : error(405, 20004, "Method not allowed");
    }
    return notFound(path);
  }

  private ResponseDefinition start(String service, Map<String, List<String>> p) {
    Optional<String> to = first(p, "To");
    Optional<String> channel = first(p, "Channel");
    if (to.isEmpty()) {
      return error(400, 60200, "Invalid parameter: To");
    }
    if (channel.isEmpty() || !CHANNELS.contains(channel.get())) {
      return error(400, 60200, "Invalid parameter: Channel");
    }
    boolean email = channel.get().equals("email");
    if (!(email ? EMAIL : E164).matcher(to.get()).matches()) {
      return error(400, 60200, "Invalid parameter `To`: " + to.get());
    }
    if (channel.get().equals("sms") && "landline".equals(lineTypes.get(to.get()))) {
      return error(400, 60205, "SMS is not supported by landline phone number");
    }
    String sid = pending.get(key(service, to.get()));
    V v = sid == null ? null : bySid.get(sid);
    if (v != null) {
      expire(v);
    }
    if (v != null && v.status.equals("pending")) {
      if (v.sends >= MAX_ATTEMPTS) {
        return error(429, 60203, "Max send attempts reached");
      }
      v.sends++;
      v.channel = channel.get();
      v.updated = clock.instant();
      return ok(201, verification(v));
    }
    sequence++;
    String code = String.format("%06d", Math.floorMod(sequence * 982_451_653L + 123_457L, 1_000_000L));
    v = new V("VE" + String.format("%032x", sequence), service, to.get(), channel.get(), code, clock.instant());
    bySid.put(v.sid, v);
    pending.put(key(service, to.get()), v.sid);
    return ok(201, verification(v));
  }

  private ResponseDefinition check(String service, String path, Map<String, List<String>> p) {
    Optional<String> code = first(p, "Code");
    Optional<String> to = first(p, "To");
    Optional<String> sid = first(p, "VerificationSid");
    if (code.isEmpty()) {
      return error(400, 60200, "Invalid parameter: Code");
    }
    if (to.isEmpty() && sid.isEmpty()) {
      return error(400, 60200, "Either a 'To' or 'VerificationSid' must be specified");
    }
    V v = sid.map(bySid::get).orElseGet(() -> bySid.get(pending.get(key(service, to.get()))));
    if (v != null) {
      expire(v);
    }
    if (v == null || !v.service.equals(service) || to.isPresent() && !v.to.equals(to.get())) {
      return notFound(path);
    }
    if (v.status.equals("max_attempts_reached")) {
      return error(429, 60202, "Max check attempts reached");
    }
    if (!v.status.equals("pending")) {
      return notFound(path);
    }
    v.checks++;
    v.updated = clock.instant();
    if (v.code.equals(code.get())) {
      v.status = "approved";
      pending.remove(key(v.service, v.to));
    } else if (v.checks >= MAX_ATTEMPTS) {
      v.status = "max_attempts_reached";
    }
    ObjectNode n = json.createObjectNode();
    n.put("sid", v.sid);
    n.put("service_sid", v.service);
    n.put("account_sid", accountSid);
    n.put("to", v.to);
    n.put("channel", v.channel);
    // A wrong code answers 200 with status pending (the fifth wrong one too); the next check is refused with 60202.
    n.put("status", v.status.equals("approved") ? "approved" : "pending");
    n.put("valid", v.status.equals("approved"));
    n.putNull("amount");
    n.putNull("payee");
    n.putArray("sna_attempts_error_codes");
    n.put("date_created", iso(v.created));
    n.put("date_updated", iso(v.updated));
    return ok(200, n);
  }

  private ResponseDefinition lookup(String number, Map<String, List<String>> p) {
    List<String> fields = new ArrayList<>();
    for (String f : first(p, "Fields").orElse("").split(",")) {
      String t = f.strip();
      if (t.isEmpty()) {
        continue;
      }
      if (!LOOKUP_FIELDS.contains(t)) {
        return error(400, 60200, "Invalid parameter: Fields");
      }
      fields.add(t);
    }
    boolean valid = E164.matcher(number).matches();
    ObjectNode n = json.createObjectNode();
    n.put("calling_country_code", valid ? (number.startsWith("+1") ? "1" : number.substring(1, 3)) : null);
    n.put("country_code", valid ? (number.startsWith("+1") ? "US" : number.startsWith("+91") ? "IN" : "GB") : null);
    n.put("phone_number", number);
    n.put("national_format", valid ? number.substring(number.length() - 10) : null);
    n.put("valid", valid);
    if (valid) {
      n.putNull("validation_errors");
    } else {
      n.putArray("validation_errors").add(number.matches("\\+?[0-9]+") ? "INVALID_LENGTH" : "NOT_A_NUMBER");
    }
    for (String f : List.of("caller_name", "sim_swap", "call_forwarding", "line_status")) {
      n.putNull(f);
    }
    if (valid && fields.contains("line_type_intelligence")) {
      String type = lineTypes.getOrDefault(number, "mobile");
      ObjectNode lti = n.putObject("line_type_intelligence");
      boolean mobile = type.equals("mobile");
      lti.put("mobile_country_code", mobile ? "310" : null);
      lti.put("mobile_network_code", mobile ? "456" : null);
      lti.put("carrier_name", type.equals("landline") ? "Emulated Telco - Landline" : "Emulated Wireless");
      lti.put("type", type);
      lti.putNull("error_code");
    } else {
      n.putNull("line_type_intelligence");
    }
    for (String f : List.of("identity_match", "reassigned_number", "sms_pumping_risk", "phone_number_quality_score", "pre_fill")) {
      n.putNull(f);
    }
    n.put("url", "https://lookups.twilio.com/v2/PhoneNumbers/" + number);
    return ok(200, n);
  }

  private ObjectNode verification(V v) {
    ObjectNode n = json.createObjectNode();
    n.put("sid", v.sid);
    n.put("service_sid", v.service);
    n.put("account_sid", accountSid);
    n.put("to", v.to);
    n.put("channel", v.channel);
    n.put("status", v.status);
    n.put("valid", v.status.equals("approved"));
    n.put("date_created", iso(v.created));
    n.put("date_updated", iso(v.updated));
    n.putObject("lookup");
    n.putNull("amount");
    n.putNull("payee");
    ArrayNode attempts = n.putArray("send_code_attempts");
    for (int i = 0; i < v.sends; i++) {
      attempts.addObject().put("time", iso(v.created)).put("channel", v.channel).put("attempt_sid", "VL" + String.format("%032x", i + 1));
    }
    n.putNull("sna");
    n.put("url", "https://verify.twilio.com/v2/Services/" + v.service + "/Verifications/" + v.sid);
    return n;
  }

  private void expire(V v) {
    if (v.status.equals("pending") && !clock.instant().isBefore(v.created.plus(CODE_LIFETIME))) {
      v.status = "expired";
      pending.remove(key(v.service, v.to));
    }
  }

  private static boolean service(String sid) {
    return SERVICE_SID.matcher(sid).matches();
  }

  private static String key(String service, String to) {
    return service + "|" + to;
  }

  private static String iso(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  private static ResponseDefinition notFound(String path) {
    return error(404, 20404, "The requested resource " + path.replaceFirst("^/v2", "") + " was not found");
  }

  private static ResponseDefinition ok(int status, ObjectNode n) {
    return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8").withBody(n.toString()).build();
  }

  private static ResponseDefinition error(int status, int code, String message) {
    return errorBuilder(status, code, message).build();
  }

  private static ResponseDefinitionBuilder errorBuilder(int status, int code, String message) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("code", code);
    n.put("message", message);
    n.put("more_info", "https://www.twilio.com/docs/errors/" + code);
    n.put("status", status);
    return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8").withBody(n.toString());
  }

  private static Optional<String> first(Map<String, List<String>> p, String name) {
    List<String> v = p.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** Percent-decodes a path; unlike form decoding, {@code +} stays {@code +}. */
  static String decode(String raw) {
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
