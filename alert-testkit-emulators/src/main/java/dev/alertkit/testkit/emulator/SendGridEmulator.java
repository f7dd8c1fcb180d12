package dev.alertkit.testkit.emulator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.alertkit.testkit.emulator.internal.sendgrid.MailValidator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process stand-in for SendGrid's {@code POST /v3/mail/send} on {@code 127.0.0.1}, over real HTTP. It checks
 * the {@code Authorization: Bearer} key, validates each mail against SendGrid's rules (answering 400 with SendGrid's
 * error shape), answers 202 with an {@code X-Message-Id}, honours sandbox mode (200, nothing stored) and keeps
 * every accepted mail for inspection. Failures can be scripted for the next requests. Thread-safe; no test
 * framework needed.
 *
 * <p>It also holds suppression lists ({@link #suppress}): per-address lookups ({@code GET
 * /v3/suppression/{bounces|blocks|spam_reports|invalid_emails}/{email}}, {@code GET
 * /v3/asm/suppressions/global/{email}}) answer as SendGrid's suppressions API describes, and an accepted mail to a
 * listed address is recorded as a {@link #drops() drop} unless its {@code mail_settings} bypass that list
 * ({@code bypass_list_management} combined with another bypass filter is answered 400).
 *
 * <pre>{@code
 * try (SendGridEmulator sendgrid = SendGridEmulator.start()) {
 *   SendGridConfig config = SendGridConfig.builder()
 *       .apiKey(sendgrid.apiKey()).from("alerts@example.com").baseUrl(sendgrid.baseUrl()).build();
 *   sendgrid.failNext(SendGridEmulator.Behavior.rateLimited(Instant.now().plusSeconds(3)));
 *   // ... send ...
 *   assertThat(sendgrid.mails()).hasSize(1);
 * }
 * }</pre>
 */
public final class SendGridEmulator implements AutoCloseable {
  /** The path the emulator serves. */
  public static final String MAIL_SEND_PATH = "/v3/mail/send";
  /** Largest request body accepted before answering 413 (SendGrid: 30 MB). */
  public static final int MAX_BODY_BYTES = 30_000_000;

  private static final String TRANSFORMER = "alertkit-sendgrid-emulator";
  private static final String SUPPRESSION_TRANSFORMER = "alertkit-sendgrid-emulator-suppressions";

  private final String apiKey;
  private final WireMockServer server;
  private final ObjectMapper mapper = new ObjectMapper();
  private final MailValidator validator = new MailValidator(mapper);
  private final SecureRandom random = new SecureRandom();
  private final java.security.KeyPair webhookKeys = EmulatorCallbacks.ecKeyPair();
  private final Queue<Behavior> script = new ConcurrentLinkedQueue<>();
  private final List<Mail> mails = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger sandboxRequests = new AtomicInteger();
  private final dev.alertkit.testkit.emulator.internal.sendgrid.Suppressions suppressions =
      new dev.alertkit.testkit.emulator.internal.sendgrid.Suppressions(mapper);
  private final List<Drop> drops = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger suppressionRequests = new AtomicInteger();

  private SendGridEmulator(String apiKey) {
    this.apiKey = apiKey;
    this.server = new WireMockServer(WireMockConfiguration.options()
        .bindAddress("127.0.0.1")
        .dynamicPort()
        .disableRequestJournal()
        .stubRequestLoggingDisabled(true)
        .notifier(new Slf4jNotifier(false))
        .jettyStopTimeout(500L)
        .jettyAcceptors(1)
        .extensions(new Handler(), new SuppressionHandler()));
  }

  /**
   * Starts an emulator on a free loopback port with a random API key.
   *
   * @return the running emulator; close it when done
   * @throws RuntimeException (WireMock's {@code FatalStartupException}) when the server cannot start
   */
  public static SendGridEmulator start() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return start("SG.emulator." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /**
   * Starts an emulator on a free loopback port that accepts the given API key.
   *
   * @param apiKey the only key answered with anything but 401
   * @return the running emulator; close it when done
   * @throws IllegalArgumentException when the key is null or blank
   * @throws RuntimeException (WireMock's {@code FatalStartupException}) when the server cannot start
   */
  public static SendGridEmulator start(String apiKey) {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("apiKey: must not be blank");
    }
    SendGridEmulator emulator = new SendGridEmulator(apiKey);
    emulator.server.start();
    emulator.server.stubFor(post(urlPathEqualTo(MAIL_SEND_PATH)).willReturn(aResponse().withTransformers(TRANSFORMER)));
    emulator.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
            com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v3/(suppression|asm/suppressions/global)/.*"))
        .willReturn(aResponse().withTransformers(SUPPRESSION_TRANSFORMER)));
    return emulator;
  }

  /**
   * The base URL to configure the SendGrid provider with.
   *
   * @return e.g. {@code http://127.0.0.1:53127}
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /** @return the TCP port */
  public int port() {
    return server.port();
  }

  /** @return the API key the emulator accepts */
  public String apiKey() {
    return apiKey;
  }

  /** @return every mail accepted so far (not sandbox mails), oldest first */
  public List<Mail> mails() {
    synchronized (mails) {
      return List.copyOf(mails);
    }
  }

  /** @return the last accepted mail, if any */
  public Optional<Mail> lastMail() {
    synchronized (mails) {
      return mails.isEmpty() ? Optional.empty() : Optional.of(mails.get(mails.size() - 1));
    }
  }

  /** @return how many requests reached {@code POST /v3/mail/send}, whatever the answer */
  public int requestCount() {
    return requests.get();
  }

  /** @return how many valid sandbox-mode requests were answered 200 (and not stored) */
  public int sandboxCount() {
    return sandboxRequests.get();
  }

  /**
   * Scripts the answer to the next request; several calls queue answers for successive requests. Scripted
   * answers are given before the key or the mail are checked.
   *
   * @param behavior what to do
   * @return this emulator
   * @throws NullPointerException when behavior is null
   */
  public SendGridEmulator failNext(Behavior behavior) {
    script.add(Objects.requireNonNull(behavior, "behavior"));
    return this;
  }

  /**
   * Delays the next request by the given time, then handles it normally.
   *
   * @param delay the delay
   * @return this emulator
   * @throws NullPointerException when delay is null
   */
  public SendGridEmulator delayNext(Duration delay) {
    return failNext(Behavior.delayed(delay));
  }

  /** Forgets stored mails, counters and scripted answers. */
  public void reset() {
    script.clear();
    mails.clear();
    requests.set(0);
    sandboxRequests.set(0);
    suppressions.clear();
    drops.clear();
    suppressionRequests.set(0);
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop();
  }

  /**
   * The public key that verifies the event webhooks this emulator signs ({@link #event}): base64 X.509 DER, as
   * SendGrid shows it.
   *
   * @return the verification key
   */
  public String webhookVerificationKey() {
    return Base64.getEncoder().encodeToString(webhookKeys.getPublic().getEncoded());
  }

  /**
   * Emits a signed event webhook batch for a mail the emulator accepted: one event per recipient, each with the
   * personalization's {@code custom_args} as top-level keys, a fresh {@code sg_event_id}, and an
   * {@code sg_message_id} that starts with the X-Message-Id. Events may be emitted in any order and repeated.
   *
   * @param messageId the mail's X-Message-Id
   * @param event the event name, e.g. {@code delivered}, {@code bounce}, {@code open}
   * @param timestamp the event and signature time; use the receiving handler's clock
   * @param to where to deliver the batch
   * @return the receiver's response
   * @throws IllegalArgumentException when no such mail was accepted
   */
  public dev.alertkit.webhook.WebhookResponse event(String messageId, String event, Instant timestamp, WebhookTarget to) {
    Mail mail = mails().stream().filter(m -> m.messageId().equals(messageId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no mail " + messageId + " was accepted by this emulator"));
    ArrayNode batch = mapper.createArrayNode();
    int n = 0;
    for (Personalization p : mail.personalizations()) {
      for (Address a : p.to()) {
        ObjectNode e = batch.addObject();
        p.customArgs().forEach(e::put);
        e.put("email", a.email());
        e.put("timestamp", timestamp.getEpochSecond());
        e.put("event", Objects.requireNonNull(event, "event"));
        e.put("sg_event_id", Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
        e.put("sg_message_id", messageId + ".emulator-" + n++);
        if (event.equals("bounce")) {
          e.put("type", "bounce");
          e.put("status", "5.1.1");
          e.put("reason", "550 5.1.1 The email account that you tried to reach does not exist");
        }
      }
    }
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(batch);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    // The path SendGridWebhooks.EVENTS_PATH mounts; SendGrid does not sign the URL.
    return Objects.requireNonNull(to, "to").send(EmulatorCallbacks.sendgrid(webhookKeys, "https://sendgrid.emulator/alertkit/sendgrid/events",
        timestamp.getEpochSecond(), body));
  }

  @Override
  public String toString() {
    return "SendGridEmulator{" + baseUrl() + ", mails=" + mails.size() + ", requests=" + requests.get() + "}";
  }

  private String messageId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private ResponseDefinition handle(ServeEvent event) {
    requests.incrementAndGet();
    Behavior behavior = script.poll();
    int delayMs = behavior == null ? 0 : (int) behavior.delay.toMillis();
    if (behavior != null && !behavior.proceed) {
      return behavior.response(delayMs);
    }
    boolean withMessageId = behavior == null || !behavior.omitMessageId;
    var request = event.getRequest();
    String auth = request.getHeader("Authorization");
    if (auth == null || !auth.equals("Bearer " + apiKey)) {
      return errors(401, delayMs, List.of(new MailValidator.Error(null,
          "The provided authorization grant is invalid, expired, or revoked")));
    }
    byte[] body = request.getBody();
    if (body.length > MAX_BODY_BYTES) {
      return errors(413, delayMs, List.of(new MailValidator.Error(null, "Payload Too Large")));
    }
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (java.io.IOException e) {
      return errors(400, delayMs, List.of(new MailValidator.Error(null, "Bad Request: the body is not valid JSON.")));
    }
    if (root == null) {
      return errors(400, delayMs, List.of(new MailValidator.Error(null, "Bad Request: the body is empty.")));
    }
    List<MailValidator.Error> problems = validator.validate(root);
    if (!problems.isEmpty()) {
      return errors(400, delayMs, problems);
    }
    Optional<String> badBypass = dev.alertkit.testkit.emulator.internal.sendgrid.Suppressions.invalidBypass(root);
    if (badBypass.isPresent()) {
      return errors(400, delayMs, List.of(new MailValidator.Error("mail_settings.bypass_list_management", badBypass.get())));
    }
    if (root.path("mail_settings").path("sandbox_mode").path("enable").asBoolean(false)) {
      sandboxRequests.incrementAndGet();
      return aResponse().withStatus(200).withFixedDelay(delayMs).build();
    }
    String id = messageId();
    Mail mail = toMail(id, new String(body, java.nio.charset.StandardCharsets.UTF_8), root);
    mails.add(mail);
    recordDrops(id, root, mail.recipients());
    ResponseDefinitionBuilder ok = aResponse().withStatus(202).withFixedDelay(delayMs);
    if (withMessageId) {
      ok.withHeader("X-Message-Id", id);
    }
    return ok.build();
  }

  private ResponseDefinition errors(int status, int delayMs, List<MailValidator.Error> errors) {
    return aResponse().withStatus(status).withFixedDelay(delayMs).withHeader("Content-Type", "application/json")
        .withBody(errorBody(mapper, errors)).build();
  }

  private static String errorBody(ObjectMapper mapper, List<MailValidator.Error> errors) {
    ObjectNode root = mapper.createObjectNode();
    ArrayNode list = root.putArray("errors");
    for (MailValidator.Error e : errors) {
      ObjectNode n = list.addObject();
      n.put("message", e.message());
      if (e.field() == null) {
        n.putNull("field");
      } else {
        n.put("field", e.field());
      }
      n.putNull("help");
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Mail toMail(String id, String json, JsonNode root) {
    List<Personalization> ps = new ArrayList<>();
    for (JsonNode p : root.path("personalizations")) {
      List<Address> to = new ArrayList<>();
      for (JsonNode a : p.path("to")) {
        to.add(new Address(a.path("email").asText(), optionalText(a.get("name"))));
      }
      Map<String, String> args = new LinkedHashMap<>();
      p.path("custom_args").properties().forEach(e -> args.put(e.getKey(), e.getValue().asText()));
      Map<String, Object> data = p.has("dynamic_template_data")
          ? mapper.convertValue(p.get("dynamic_template_data"), new TypeReference<LinkedHashMap<String, Object>>() {})
          : Map.of();
      ps.add(new Personalization(to, args, data));
    }
    String text = null;
    String html = null;
    for (JsonNode c : root.path("content")) {
      if ("text/plain".equals(c.path("type").asText()) && text == null) {
        text = c.path("value").asText();
      } else if ("text/html".equals(c.path("type").asText()) && html == null) {
        html = c.path("value").asText();
      }
    }
    List<String> categories = new ArrayList<>();
    root.path("categories").forEach(c -> categories.add(c.asText()));
    JsonNode asm = root.path("asm").path("group_id");
    return new Mail(id, json, root.path("from").path("email").asText(), optionalText(root.path("from").get("name")),
        optionalText(root.path("reply_to").get("email")), optionalText(root.get("subject")), Optional.ofNullable(text),
        Optional.ofNullable(html), optionalText(root.get("template_id")), categories,
        asm.isIntegralNumber() ? OptionalInt.of(asm.asInt()) : OptionalInt.empty(), ps);
  }

  private static Optional<String> optionalText(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? Optional.empty() : Optional.of(node.asText());
  }

  /** The WireMock extension answering {@code POST /v3/mail/send}. */
  private final class Handler implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      return handle(serveEvent);
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return TRANSFORMER;
    }
  }

  /** SendGrid's suppression lists the emulator holds. */
  public enum Suppression {
    /** {@code /v3/suppression/bounces}: dropped unless {@code bypass_bounce_management} (or list management). */
    BOUNCES(dev.alertkit.testkit.emulator.internal.sendgrid.Suppressions.Kind.BOUNCES),
    /** {@code /v3/suppression/blocks}: listed for lookups, but SendGrid does not drop mail to blocked addresses. */
    BLOCKS(dev.alertkit.testkit.emulator.internal.sendgrid.Suppressions.Kind.BLOCKS),
    /** {@code /v3/suppression/spam_reports}: dropped unless {@code bypass_spam_management}. */
    SPAM_REPORTS(dev.alertkit.testkit.emulator.internal.sendgrid.Suppressions.Kind.SPAM_REPORTS),
    /** {@code /v3/suppression/invalid_emails}: dropped unless {@code bypass_list_management}. */
    INVALID_EMAILS(dev.alertkit.testkit.emulator.internal.sendgrid.Suppressions.Kind.INVALID_EMAILS),
    /** Global unsubscribes ({@code /v3/asm/suppressions/global/{email}}): dropped unless {@code bypass_unsubscribe_management}. */
    UNSUBSCRIBES(dev.alertkit.testkit.emulator.internal.sendgrid.Suppressions.Kind.UNSUBSCRIBES);

    final dev.alertkit.testkit.emulator.internal.sendgrid.Suppressions.Kind kind;

    Suppression(dev.alertkit.testkit.emulator.internal.sendgrid.Suppressions.Kind kind) {
      this.kind = kind;
    }
  }

  /**
   * A recipient of an accepted mail that SendGrid would drop because of a suppression list (the mail was answered
   * 202 all the same, as SendGrid does).
   *
   * @param messageId the mail's X-Message-Id
   * @param email the dropped recipient
   * @param list the list that suppressed it
   */
  public record Drop(String messageId, String email, Suppression list) {}

  /**
   * Puts an address on a suppression list, as SendGrid would after a bounce, spam report or unsubscribe. Lookups
   * ({@code GET /v3/suppression/{list}/{email}}, {@code GET /v3/asm/suppressions/global/{email}}) then report it,
   * and accepted mails to it are recorded as {@link #drops()} unless their {@code mail_settings} bypass the list.
   *
   * @param list the list
   * @param email the address (matched case-insensitively)
   * @param reason SendGrid's reason text, e.g. {@code 550 5.1.1 The email account does not exist}
   * @return this emulator
   */
  public SendGridEmulator suppress(Suppression list, String email, String reason) {
    suppressions.add(Objects.requireNonNull(list, "list").kind, Objects.requireNonNull(email, "email"),
        Objects.requireNonNull(reason, "reason"), Instant.parse("2026-01-01T00:00:00Z"));
    return this;
  }

  /**
   * As {@link #suppress(Suppression, String, String)} with a generic reason.
   *
   * @param list the list
   * @param email the address
   * @return this emulator
   */
  public SendGridEmulator suppress(Suppression list, String email) {
    return suppress(list, email, "550 5.1.1 The email account that you tried to reach does not exist");
  }

  /** @return recipients of accepted mails that a suppression list would have dropped, in order */
  public List<Drop> drops() {
    synchronized (drops) {
      return List.copyOf(drops);
    }
  }

  /** @return how many suppression lookups ({@code GET}) were received */
  public int suppressionRequestCount() {
    return suppressionRequests.get();
  }

  private void recordDrops(String id, JsonNode root, List<String> recipients) {
    for (Map.Entry<String, dev.alertkit.testkit.emulator.internal.sendgrid.Suppressions.Kind> d : suppressions.drops(root, recipients)) {
      for (Suppression s : Suppression.values()) {
        if (s.kind == d.getValue()) {
          drops.add(new Drop(id, d.getKey(), s));
        }
      }
    }
  }

  private ResponseDefinition handleSuppression(ServeEvent event) {
    suppressionRequests.incrementAndGet();
    Behavior behavior = script.poll();
    int delayMs = behavior == null ? 0 : (int) behavior.delay.toMillis();
    if (behavior != null && !behavior.proceed) {
      return behavior.response(delayMs);
    }
    var request = event.getRequest();
    String auth = request.getHeader("Authorization");
    if (auth == null || !auth.equals("Bearer " + apiKey)) {
      return errors(401, delayMs, List.of(new MailValidator.Error(null, "authorization required")));
    }
    String rawPath = java.net.URI.create(request.getUrl()).getRawPath();
    return suppressions.answer(rawPath)
        .map(a -> aResponse().withStatus(a.getKey()).withFixedDelay(delayMs).withHeader("Content-Type", "application/json")
            .withBody(a.getValue()).build())
        .orElseGet(() -> errors(404, delayMs, List.of(new MailValidator.Error(null, "resource not found"))));
  }

  /** The WireMock extension answering suppression lookups. */
  private final class SuppressionHandler implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      return handleSuppression(serveEvent);
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return SUPPRESSION_TRANSFORMER;
    }
  }

  /**
   * An email address with an optional display name.
   *
   * @param email the address
   * @param name the display name
   */
  public record Address(String email, Optional<String> name) {}

  /**
   * One personalization of an accepted mail.
   *
   * @param to the recipients
   * @param customArgs the personalization's {@code custom_args}
   * @param dynamicTemplateData the personalization's {@code dynamic_template_data} (nested objects as maps)
   */
  public record Personalization(List<Address> to, Map<String, String> customArgs, Map<String, Object> dynamicTemplateData) {
    /**
     * Copies.
     *
     * @param to the recipients
     * @param customArgs the custom args
     * @param dynamicTemplateData the template data
     * @throws NullPointerException when an argument is null
     */
    public Personalization {
      to = List.copyOf(to);
      customArgs = Collections.unmodifiableMap(new LinkedHashMap<>(customArgs));
      dynamicTemplateData = Collections.unmodifiableMap(new LinkedHashMap<>(dynamicTemplateData));
    }

    /** @return the recipients' addresses */
    public List<String> emails() {
      return to.stream().map(Address::email).toList();
    }
  }

  /**
   * A mail the emulator accepted (HTTP 202).
   *
   * @param messageId the X-Message-Id it answered (also kept when scripted to leave the header out)
   * @param json the raw request body
   * @param fromEmail {@code from.email}
   * @param fromName {@code from.name}
   * @param replyTo {@code reply_to.email}
   * @param subject {@code subject}
   * @param text the {@code text/plain} content
   * @param html the {@code text/html} content
   * @param templateId {@code template_id}
   * @param categories {@code categories}
   * @param asmGroupId {@code asm.group_id}
   * @param personalizations the personalizations, in order
   */
  public record Mail(
      String messageId, String json, String fromEmail, Optional<String> fromName, Optional<String> replyTo,
      Optional<String> subject, Optional<String> text, Optional<String> html, Optional<String> templateId,
      List<String> categories, OptionalInt asmGroupId, List<Personalization> personalizations) {
    /**
     * Copies.
     *
     * @param messageId the X-Message-Id
     * @param json the raw body
     * @param fromEmail the sender
     * @param fromName the sender's name
     * @param replyTo the reply-to address
     * @param subject the subject
     * @param text the plain-text body
     * @param html the HTML body
     * @param templateId the template id
     * @param categories the categories
     * @param asmGroupId the unsubscribe group
     * @param personalizations the personalizations
     * @throws NullPointerException when a list is null
     */
    public Mail {
      categories = List.copyOf(categories);
      personalizations = List.copyOf(personalizations);
    }

    /** @return every {@code to} address of every personalization, in order */
    public List<String> recipients() {
      return personalizations.stream().flatMap(p -> p.emails().stream()).toList();
    }
  }

  /**
   * A scripted answer for {@link #failNext(Behavior)}. Immutable.
   *
   * <pre>{@code
   * emulator.failNext(Behavior.rateLimited(clock.instant().plusSeconds(5)));
   * emulator.failNext(Behavior.serverError().after(Duration.ofSeconds(2)));
   * }</pre>
   */
  public static final class Behavior {
    private final int status;
    private final Map<String, String> headers;
    private final String message;
    private final Fault fault;
    private final Duration delay;
    private final boolean proceed;
    private final boolean omitMessageId;

    private Behavior(int status, Map<String, String> headers, String message, Fault fault, Duration delay,
        boolean proceed, boolean omitMessageId) {
      this.status = status;
      this.headers = headers;
      this.message = message;
      this.fault = fault;
      this.delay = delay;
      this.proceed = proceed;
      this.omitMessageId = omitMessageId;
    }

    private static Behavior answer(int status, String message, Map<String, String> headers) {
      return new Behavior(status, headers, message, null, Duration.ZERO, false, false);
    }

    /**
     * HTTP 429 with {@code X-RateLimit-Limit: 600}, {@code X-RateLimit-Remaining: 0} and
     * {@code X-RateLimit-Reset} (Unix seconds).
     *
     * @param resetAt when the limit resets
     * @return the behaviour
     * @throws NullPointerException when resetAt is null
     */
    public static Behavior rateLimited(Instant resetAt) {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("X-RateLimit-Limit", "600");
      h.put("X-RateLimit-Remaining", "0");
      h.put("X-RateLimit-Reset", Long.toString(resetAt.getEpochSecond()));
      return answer(429, "too many requests", h);
    }

    /** @return HTTP 401 "Maximum credits exceeded" (the account ran out of credits) */
    public static Behavior creditsExceeded() {
      return answer(401, "Maximum credits exceeded", Map.of());
    }

    /** @return HTTP 401 as for a wrong or revoked key */
    public static Behavior unauthorized() {
      return answer(401, "The provided authorization grant is invalid, expired, or revoked", Map.of());
    }

    /** @return HTTP 403 as for a sender that is not a verified identity */
    public static Behavior forbidden() {
      return answer(403, "The from address does not match a verified Sender Identity. Mail cannot be sent until this "
          + "error is resolved.", Map.of());
    }

    /** @return HTTP 413 Payload Too Large */
    public static Behavior payloadTooLarge() {
      return answer(413, "Payload Too Large", Map.of());
    }

    /** @return HTTP 500 */
    public static Behavior serverError() {
      return answer(500, "Internal server error", Map.of());
    }

    /**
     * Any status with a SendGrid-shaped error body.
     *
     * @param status 100..599
     * @param message the error message
     * @return the behaviour
     * @throws IllegalArgumentException when status is outside 100..599 or message is null
     */
    public static Behavior status(int status, String message) {
      if (status < 100 || status > 599 || message == null) {
        throw new IllegalArgumentException("status must be 100..599 and message non-null");
      }
      return answer(status, message, Map.of());
    }

    /** @return the connection is reset after the request is read (no answer) */
    public static Behavior connectionReset() {
      return new Behavior(0, Map.of(), null, Fault.CONNECTION_RESET_BY_PEER, Duration.ZERO, false, false);
    }

    /** @return the connection is closed after the request is read, without any answer */
    public static Behavior emptyResponse() {
      return new Behavior(0, Map.of(), null, Fault.EMPTY_RESPONSE, Duration.ZERO, false, false);
    }

    /**
     * Waits, then handles the request normally.
     *
     * @param delay the wait
     * @return the behaviour
     * @throws IllegalArgumentException when delay is null or negative
     */
    public static Behavior delayed(Duration delay) {
      return new Behavior(0, Map.of(), null, null, checkDelay(delay), true, false);
    }

    /** @return handles the request normally but leaves the {@code X-Message-Id} header out of the 202 */
    public static Behavior acceptedWithoutMessageId() {
      return new Behavior(0, Map.of(), null, null, Duration.ZERO, true, true);
    }

    /**
     * The same behaviour, answered only after a delay.
     *
     * @param delay the wait before answering
     * @return a copy with the delay
     * @throws IllegalArgumentException when delay is null or negative
     */
    public Behavior after(Duration delay) {
      return new Behavior(status, headers, message, fault, checkDelay(delay), proceed, omitMessageId);
    }

    private static Duration checkDelay(Duration delay) {
      if (delay == null || delay.isNegative()) {
        throw new IllegalArgumentException("delay must be zero or positive");
      }
      return delay;
    }

    private ResponseDefinition response(int delayMs) {
      ResponseDefinitionBuilder b = aResponse().withFixedDelay(delayMs);
      if (fault != null) {
        return b.withFault(fault).build();
      }
      b.withStatus(status).withHeader("Content-Type", "application/json")
          .withBody(errorBody(new ObjectMapper(), List.of(new MailValidator.Error(null, message))));
      headers.forEach(b::withHeader);
      return b.build();
    }

    @Override
    public String toString() {
      return fault != null ? "Behavior{" + fault + "}" : proceed ? "Behavior{normal after " + delay + "}" : "Behavior{" + status + " " + message + "}";
    }
  }
}
