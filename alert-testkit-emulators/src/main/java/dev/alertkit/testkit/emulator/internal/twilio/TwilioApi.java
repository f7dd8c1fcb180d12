package dev.alertkit.testkit.emulator.internal.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.testkit.emulator.TwilioEmulator.Reply;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/**
 * The emulator's brain: a WireMock transformer applied to every request, holding the created messages and calls,
 * the request log and the scripts. Thread-safe (every method synchronizes on this object).
 */
public final class TwilioApi implements ResponseDefinitionTransformerV2 {
  private static final Pattern PATH = Pattern.compile("/2010-04-01/Accounts/([^/]+)/(Messages|Calls)\\.json");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern SHORT_CODE = Pattern.compile("[0-9]{3,8}");
  private static final Pattern ALPHANUMERIC = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");
  private static final Pattern MESSAGING_SERVICE = Pattern.compile("MG[0-9a-fA-F]{32}");
  private static final Pattern CONTENT_SID = Pattern.compile("HX[0-9a-fA-F]{32}");
  private static final Set<String> CALL_EVENTS = Set.of("initiated", "ringing", "answered", "completed");
  private static final String WHATSAPP = "whatsapp:";
  private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", java.util.Locale.US);

  private static final Map<String, int[]> MESSAGE_TO_MAGIC = Map.of(
      "+15005550001", new int[] {21211}, "+15005550002", new int[] {21612}, "+15005550003", new int[] {21408},
      "+15005550004", new int[] {21610}, "+15005550009", new int[] {21614});
  private static final Map<String, int[]> MESSAGE_FROM_MAGIC = Map.of(
      "+15005550001", new int[] {21212}, "+15005550007", new int[] {21606}, "+15005550008", new int[] {21611});
  private static final Map<Integer, String> MESSAGES = Map.ofEntries(
      Map.entry(21211, "The 'To' number %s is not a valid phone number."),
      Map.entry(21612, "The 'To' phone number: %s, is not currently reachable using the 'From' phone number via SMS."),
      Map.entry(21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: %s."),
      Map.entry(21610, "Attempt to send to unsubscribed recipient"),
      Map.entry(21614, "'To' number %s is not a valid mobile number"),
      Map.entry(21212, "The 'From' number %s is not a valid phone number, shortcode, or alphanumeric sender ID."),
      Map.entry(21606, "The 'From' phone number provided (%s) is not a valid message-capable Twilio phone number for this destination/account."),
      Map.entry(21611, "This 'From' number (%s) has exceeded the maximum number of queued messages."),
      Map.entry(21217, "Phone number does not appear to be valid"),
      Map.entry(21215, "Geo Permission configuration is not permitting call"));

  private final String accountSid;
  private final String authToken;
  private final String apiKeySid;
  private final String apiKeySecret;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private TwilioPricingApi pricing = new TwilioPricingApi(TwilioPricingApi.defaults());
  private final List<TwilioEmulator.Message> messages = new ArrayList<>();
  private final List<TwilioEmulator.Call> calls = new ArrayList<>();
  private final List<TwilioEmulator.Request> requests = new ArrayList<>();
  private final Deque<Reply> queued = new ArrayDeque<>();
  private final Map<String, Reply> byNumber = new HashMap<>();
  private final VerifyLookupApi verifyLookup;
  private long sequence;

  /**
   * Creates the API for one account.
   *
   * @param accountSid the account SID
   * @param authToken the auth token
   * @param apiKeySid an API key SID, or null
   * @param apiKeySecret the API key secret, or null
   * @param clock the clock for timestamps
   */
  public TwilioApi(String accountSid, String authToken, String apiKeySid, String apiKeySecret, Clock clock) {
    this.accountSid = accountSid;
    this.authToken = authToken;
    this.apiKeySid = apiKeySid;
    this.apiKeySecret = apiKeySecret;
    this.clock = clock;
    this.verifyLookup = new VerifyLookupApi(accountSid, clock);
  }

  /** @return Verify and Lookup (verify.twilio.com, lookups.twilio.com); call only while holding this object's lock */
  public VerifyLookupApi verifyLookup() {
    return verifyLookup;
  }

  /**
   * Replaces what the Pricing API endpoints serve.
   *
   * @param prices the prices
   */
  public synchronized void pricing(dev.alertkit.cost.PriceTable prices) {
    this.pricing = new TwilioPricingApi(prices);
  }

  @Override
  public String getName() {
    return "alertkit-twilio-emulator";
  }

  @Override
  public boolean applyGlobally() {
    return true;
  }

  /** @return the account SID */
  public String accountSid() {
    return accountSid;
  }

  /** @return the auth token */
  public String authToken() {
    return authToken;
  }

  /** @return the API key SID, or null */
  public String apiKeySid() {
    return apiKeySid;
  }

  /** @return the API key secret, or null */
  public String apiKeySecret() {
    return apiKeySecret;
  }

  /** @return a copy of the created messages */
  public synchronized List<TwilioEmulator.Message> messages() {
    return List.copyOf(messages);
  }

  /** @return a copy of the created calls */
  public synchronized List<TwilioEmulator.Call> calls() {
    return List.copyOf(calls);
  }

  /** @return a copy of the request log */
  public synchronized List<TwilioEmulator.Request> requests() {
    return List.copyOf(requests);
  }

  /**
   * Queues a reply for the next API request.
   *
   * @param reply the reply
   */
  public synchronized void enqueue(Reply reply) {
    queued.addLast(reply);
  }

  /**
   * Scripts the reply to one number.
   *
   * @param number the number, with or without {@code whatsapp:}
   * @param reply the reply
   */
  public synchronized void replyTo(String number, Reply reply) {
    byNumber.put(strip(number), reply);
  }

  /** Forgets everything recorded and scripted. */
  public synchronized void reset() {
    messages.clear();
    calls.clear();
    requests.clear();
    queued.clear();
    byNumber.clear();
    verifyLookup.reset();
  }

  /**
   * Waits for requests.
   *
   * @param count how many
   * @param timeout the longest wait
   * @return whether they arrived
   * @throws InterruptedException when interrupted
   */
  public synchronized boolean awaitRequests(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (requests.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  @Override
  public synchronized ResponseDefinition transform(ServeEvent event) {
    com.github.tomakehurst.wiremock.verification.LoggedRequest req = event.getRequest();
    String path = URI.create(req.getUrl()).getRawPath();
    Map<String, List<String>> params = parseForm(req.getBodyAsString());
    String query = URI.create(req.getUrl()).getRawQuery();
    if (params.isEmpty() && query != null) {
      params = parseForm(query); // GET (Lookup): parameters in the query string
    }
    Optional<String> user = basicUser(req.getHeader("Authorization"));
    ResponseDefinition answer = pricing.handles(path)
        ? pricing.answer(req.getMethod().getName(), path, authenticated(req.getHeader("Authorization")), TwilioApi::error)
        : answer(req.getMethod().getName(), path, req.getHeader("Authorization"), params);
    requests.add(new TwilioEmulator.Request(req.getMethod().getName(), path, user, params,
        answer.getFault() != null ? 0 : answer.getStatus()));
    notifyAll();
    return answer;
  }

  private ResponseDefinition answer(String method, String path, String authorization, Map<String, List<String>> params) {
    if (VerifyLookupApi.handles(path)) {
      return authenticated(authorization) ? verifyLookup.answer(method, path, params, queued.pollFirst()) : error(401, 20003, "Authenticate");
    }
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return error(404, 20404, "The requested resource " + path + " was not found");
    }
    if (!authenticated(authorization)) {
      return error(401, 20003, "Authenticate");
    }
    if (!m.group(1).equals(accountSid)) {
      return error(404, 20404, "The requested resource " + path + " was not found");
    }
    if (!"POST".equals(method)) {
      return error(405, 20004, "Method not allowed");
    }
    Reply scripted = queued.pollFirst();
    if (scripted == null) {
      scripted = byNumber.get(strip(first(params, "To").orElse("")));
    }
    boolean isMessage = m.group(2).equals("Messages");
    if (scripted != null) {
      switch (scripted.kind()) {
        case TWILIO_ERROR:
          ResponseDefinitionBuilder b = errorBuilder(scripted.status(), scripted.code(), scripted.message());
          scripted.retryAfter().ifPresent(d -> b.withHeader("Retry-After", Long.toString(d.toSeconds())));
          if (scripted.status() == 429) {
            b.withHeader("Twilio-Concurrent-Requests", "1");
          }
          return b.build();
        case HTML_ERROR:
          return ResponseDefinitionBuilder.responseDefinition().withStatus(scripted.status())
              .withHeader("Content-Type", "text/html")
              .withBody("<html><head><title>" + scripted.status() + "</title></head><body><h1>Bad Gateway</h1></body></html>")
              .build();
        case CONNECTION_RESET:
          return ResponseDefinitionBuilder.responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        default:
          break;
      }
    }
    ResponseDefinition normal = isMessage ? createMessage(params) : createCall(params);
    if (scripted != null && scripted.kind() == Reply.Kind.DELAYED) {
      return ResponseDefinitionBuilder.like(normal).withFixedDelay((int) scripted.delay().orElseThrow().toMillis()).build();
    }
    if (scripted != null && scripted.kind() == Reply.Kind.MALFORMED_JSON && normal.getStatus() == 201) {
      String body = normal.getBody();
      return ResponseDefinitionBuilder.like(normal).withBody(body.substring(0, body.length() / 2)).build();
    }
    return normal;
  }

  private ResponseDefinition createMessage(Map<String, List<String>> p) {
    Optional<String> to = first(p, "To");
    Optional<String> from = first(p, "From");
    Optional<String> service = first(p, "MessagingServiceSid");
    Optional<String> body = first(p, "Body");
    Optional<String> contentSid = first(p, "ContentSid");
    if (to.isEmpty()) {
      return error(400, 21604, "A 'To' phone number is required.");
    }
    boolean whatsapp = to.get().startsWith(WHATSAPP);
    if (!E164.matcher(strip(to.get())).matches()) {
      return error(400, 21211, String.format(MESSAGES.get(21211), to.get()));
    }
    if (from.isEmpty() && service.isEmpty()) {
      return error(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
    }
    if (service.isPresent() && !MESSAGING_SERVICE.matcher(service.get()).matches()) {
      return error(400, 21701, "The Messaging Service Sid " + service.get() + " is invalid.");
    }
    if (from.isPresent()) {
      String f = from.get();
      boolean fromWhatsapp = f.startsWith(WHATSAPP);
      if (fromWhatsapp != whatsapp) {
        return error(400, 21910, "Invalid From and To pair. From and To should be of the same channel");
      }
      String bare = strip(f);
      boolean valid = E164.matcher(bare).matches() || (!whatsapp && (SHORT_CODE.matcher(bare).matches() || ALPHANUMERIC.matcher(bare).matches()));
      if (!valid) {
        return error(400, 21212, String.format(MESSAGES.get(21212), f));
      }
      int[] magic = MESSAGE_FROM_MAGIC.get(bare);
      if (magic != null) {
        return error(400, magic[0], String.format(MESSAGES.get(magic[0]), f));
      }
    }
    int[] toMagic = MESSAGE_TO_MAGIC.get(strip(to.get()));
    if (toMagic != null) {
      return error(400, toMagic[0], String.format(MESSAGES.get(toMagic[0]), to.get()));
    }
    if (body.isEmpty() && contentSid.isEmpty() && first(p, "MediaUrl").isEmpty()) {
      return error(400, 21602, "Message body is required.");
    }
    if (body.isPresent() && body.get().length() > 1600) {
      return error(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
    }
    if (contentSid.isPresent() && !CONTENT_SID.matcher(contentSid.get()).matches()) {
      return error(400, 21655, "The ContentSid is Invalid.");
    }
    Optional<String> variables = first(p, "ContentVariables");
    if (variables.isPresent()) {
      try {
        JsonNode n = json.readTree(variables.get());
        if (n == null || !n.isObject()) {
          return error(400, 21656, "The ContentVariables Parameter is invalid.");
        }
      } catch (Exception e) {
        return error(400, 21656, "The ContentVariables Parameter is invalid.");
      }
    }
    Optional<ResponseDefinition> bad = intRange(p, "ValidityPeriod", 1, 36_000)
        .or(() -> url(p, "StatusCallback"))
        .or(() -> bool(p, "SmartEncoded"));
    if (bad.isPresent()) {
      return bad.get();
    }
    String sid = sid("SM");
    String status = service.isPresent() ? "accepted" : "queued";
    int segments = body.map(b -> dev.alertkit.spi.support.SmsSegments.analyze(b).segments()).orElse(1);
    String now = RFC_2822.format(ZonedDateTime.now(clock));
    ObjectNode n = json.createObjectNode();
    n.put("account_sid", accountSid);
    n.put("api_version", "2010-04-01");
    n.put("body", body.orElse(""));
    n.put("date_created", now);
    n.putNull("date_sent");
    n.put("date_updated", now);
    n.put("direction", "outbound-api");
    n.putNull("error_code");
    n.putNull("error_message");
    if (service.isPresent() && from.isEmpty()) {
      n.putNull("from");
    } else {
      n.put("from", from.orElse(null));
    }
    n.put("messaging_service_sid", service.orElse(null));
    n.put("num_media", "0");
    n.put("num_segments", Integer.toString(segments));
    n.putNull("price");
    n.put("price_unit", "USD");
    n.put("sid", sid);
    n.put("status", status);
    n.putObject("subresource_uris").put("media", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + "/Media.json");
    n.put("to", to.get());
    n.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
    messages.add(new TwilioEmulator.Message(sid, to.get(), from, service, body, status, segments, p));
    return created(n);
  }

  private ResponseDefinition createCall(Map<String, List<String>> p) {
    Optional<String> to = first(p, "To");
    Optional<String> from = first(p, "From");
    Optional<String> twiml = first(p, "Twiml");
    if (to.isEmpty()) {
      return error(400, 21201, "No 'To' number is specified");
    }
    if (from.isEmpty()) {
      return error(400, 21213, "No 'From' number is specified");
    }
    if (!E164.matcher(to.get()).matches()) {
      return error(400, 21211, String.format(MESSAGES.get(21211), to.get()));
    }
    if (!E164.matcher(from.get()).matches()) {
      return error(400, 21212, String.format(MESSAGES.get(21212), from.get()));
    }
    if ("+15005550001".equals(from.get())) {
      return error(400, 21212, String.format(MESSAGES.get(21212), from.get()));
    }
    if ("+15005550001".equals(to.get())) {
      return error(400, 21217, MESSAGES.get(21217));
    }
    if ("+15005550003".equals(to.get())) {
      return error(400, 21215, MESSAGES.get(21215));
    }
    if (twiml.isEmpty() && first(p, "Url").isEmpty() && first(p, "ApplicationSid").isEmpty()) {
      return error(400, 21205, "Url, Twiml or ApplicationSid is required.");
    }
    if (twiml.isPresent()) {
      if (twiml.get().length() > 4000) {
        return error(400, 21237, "The Twiml parameter exceeds the maximum length of 4000 characters.");
      }
      if (!isTwiml(twiml.get())) {
        return error(400, 12100, "Document parse failure: the Twiml parameter is not a <Response> document.");
      }
    }
    for (String event : p.getOrDefault("StatusCallbackEvent", List.of())) {
      for (String e : event.split(" ")) {
        if (!CALL_EVENTS.contains(e)) {
          return error(400, 20001, "Invalid StatusCallbackEvent: " + e);
        }
      }
    }
    Optional<String> amd = first(p, "MachineDetection");
    if (amd.isPresent() && !amd.get().equals("Enable") && !amd.get().equals("DetectMessageEnd")) {
      return error(400, 20001, "Invalid MachineDetection: " + amd.get());
    }
    Optional<ResponseDefinition> bad = intRange(p, "Timeout", 1, 600).or(() -> url(p, "StatusCallback"));
    if (bad.isPresent()) {
      return bad.get();
    }
    String sid = sid("CA");
    String now = RFC_2822.format(ZonedDateTime.now(clock));
    ObjectNode n = json.createObjectNode();
    n.put("account_sid", accountSid);
    n.putNull("annotation");
    n.putNull("answered_by");
    n.put("api_version", "2010-04-01");
    n.putNull("caller_name");
    n.put("date_created", now);
    n.put("date_updated", now);
    n.put("direction", "outbound-api");
    n.putNull("duration");
    n.putNull("end_time");
    n.putNull("forwarded_from");
    n.put("from", from.get());
    n.put("from_formatted", from.get());
    n.putNull("group_sid");
    n.putNull("parent_call_sid");
    n.putNull("phone_number_sid");
    n.putNull("price");
    n.put("price_unit", "USD");
    n.put("sid", sid);
    n.putNull("start_time");
    n.put("status", "queued");
    n.put("to", to.get());
    n.put("to_formatted", to.get());
    n.putNull("trunk_sid");
    n.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Calls/" + sid + ".json");
    n.putNull("queue_time");
    calls.add(new TwilioEmulator.Call(sid, to.get(), from.get(), twiml, "queued", p));
    return created(n);
  }

  private boolean authenticated(String authorization) {
    if (authorization == null || !authorization.startsWith("Basic ")) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String user = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    return (user.equals(accountSid) && password.equals(authToken))
        || (apiKeySid != null && user.equals(apiKeySid) && password.equals(apiKeySecret));
  }

  private static Optional<String> basicUser(String authorization) {
    if (authorization == null || !authorization.startsWith("Basic ")) {
      return Optional.empty();
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(0, colon));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private boolean isTwiml(String xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
      return "Response".equals(d.getDocumentElement().getTagName());
    } catch (Exception e) {
      return false;
    }
  }

  private static Optional<ResponseDefinition> intRange(Map<String, List<String>> p, String name, int min, int max) {
    Optional<String> v = first(p, name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      int i = Integer.parseInt(v.get());
      if (i >= min && i <= max) {
        return Optional.empty();
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    return Optional.of(error(400, 20001, name + " must be an integer between " + min + " and " + max));
  }

  private static Optional<ResponseDefinition> url(Map<String, List<String>> p, String name) {
    Optional<String> v = first(p, name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI u = new URI(v.get());
      if (u.isAbsolute() && ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
        return Optional.empty();
      }
    } catch (Exception e) {
      // fall through
    }
    return Optional.of(error(400, 21609, "Invalid " + name + " URL: " + v.get()));
  }

  private static Optional<ResponseDefinition> bool(Map<String, List<String>> p, String name) {
    Optional<String> v = first(p, name);
    if (v.isEmpty() || v.get().equalsIgnoreCase("true") || v.get().equalsIgnoreCase("false")) {
      return Optional.empty();
    }
    return Optional.of(error(400, 20001, name + " must be true or false"));
  }

  private String sid(String prefix) {
    sequence++;
    return prefix + String.format("%032x", sequence);
  }

  private ResponseDefinition created(ObjectNode n) {
    return ResponseDefinitionBuilder.responseDefinition().withStatus(201)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withHeader("Twilio-Concurrent-Requests", "1")
        .withBody(n.toString())
        .build();
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
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(n.toString());
  }

  private static Optional<String> first(Map<String, List<String>> p, String name) {
    List<String> v = p.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  private static String strip(String number) {
    return number.startsWith(WHATSAPP) ? number.substring(WHATSAPP.length()) : number;
  }

  private static Map<String, List<String>> parseForm(String body) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (body == null || body.isEmpty()) {
      return Collections.unmodifiableMap(out);
    }
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(out);
  }
}
