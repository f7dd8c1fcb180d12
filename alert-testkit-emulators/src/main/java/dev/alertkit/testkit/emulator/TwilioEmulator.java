package dev.alertkit.testkit.emulator;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.alertkit.testkit.emulator.internal.twilio.TwilioApi;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An in-process stand-in for Twilio's REST API on {@code 127.0.0.1}, for tests: point a provider's base URL at
 * {@link #baseUrl()} and it creates messages and calls here instead of at {@code api.twilio.com}. No JUnit needed.
 *
 * <pre>{@code
 * try (TwilioEmulator twilio = TwilioEmulator.start()) {
 *   TwilioConfig config = TwilioConfig.builder()
 *       .accountSid(twilio.accountSid()).authToken(twilio.authToken())
 *       .baseUrl(twilio.baseUrl()).smsFrom("+15005550006").build();
 *   twilio.failNext(TwilioEmulator.Reply.serverError(503));      // script the next answer
 *   ... send ...
 *   assertThat(twilio.requestCount()).isEqualTo(1);                // exactly one POST
 *   assertThat(twilio.messages()).singleElement().extracting(TwilioEmulator.Message::body) ...
 * }
 * }</pre>
 *
 * <p>What it speaks: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} and {@code .../Calls.json},
 * form-encoded. It checks HTTP basic authentication (the account SID and auth token, or the API key and secret), the
 * account in the path, required parameters, E.164 numbers ({@code whatsapp:+E164} for WhatsApp), alphanumeric sender
 * IDs and short codes, {@code ValidityPeriod} 1..36000, {@code ContentSid}/{@code ContentVariables}, and
 * well-formed TwiML of at most 4,000 characters. It answers 201 with Twilio-shaped JSON: {@code SM}/{@code CA} SIDs with
 * 32 hex digits, status {@code queued} ({@code accepted} with a messaging service), {@code num_segments} computed for
 * GSM-7 or UCS-2. Errors have Twilio's shape: {@code {"code", "message", "more_info", "status"}}.
 *
 * <p>The magic numbers of Twilio's test credentials always apply. Messages: To +15005550001 → 21211,
 * +15005550002 → 21612, +15005550003 → 21408, +15005550004 → 21610, +15005550009 → 21614; From +15005550001 →
 * 21212, +15005550007 → 21606, +15005550008 → 21611. Calls: From +15005550001 → 21212; To +15005550001 → 21217,
 * +15005550003 → 21215. Error codes for malformed parameters that Twilio does not document are approximations.
 *
 * <p>It also speaks Twilio Verify v2 ({@code POST /v2/Services/{VA}/Verifications}, {@code .../VerificationCheck},
 * {@code GET|POST .../Verifications/{VE}}: codes live 10 minutes on the emulator's clock, 5 sends then 60203, 5 checks
 * then 60202, 404/20404 when nothing is pending, 60205 for SMS to a landline) and Lookup v2
 * ({@code GET /v2/PhoneNumbers/{E164}?Fields=line_type_intelligence}, types set with {@link #lineType}). The Twilio
 * SDK's base-URL rewrite sends {@code verify.twilio.com} and {@code lookups.twilio.com} requests here too. A test reads
 * the code that was "sent" with {@link #verificationCode(String)}. {@link #failNext(Reply...)} scripts these
 * endpoints as well.
 *
 * <p>Scripting: {@link #failNext(Reply...)} queues answers for the next API requests (one each);
 * {@link #replyTo(String, Reply)} answers every request to one number. A {@link Reply#delayed(Duration) delayed}
 * or {@link Reply#malformedJson() malformed} reply still creates the resource, as Twilio would have.
 *
 * <p>Thread-safe. Start one per test class or per test; {@link #reset()} clears records and scripts.
 */
public final class TwilioEmulator implements AutoCloseable {
  private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
  private static final Pattern API_KEY_SID = Pattern.compile("SK[0-9a-fA-F]{32}");

  private final WireMockServer server;
  private final TwilioApi api;

  private TwilioEmulator(Builder b) {
    this.api = new TwilioApi(b.accountSid, b.authToken, b.apiKeySid, b.apiKeySecret, b.clock);
    this.server = new WireMockServer(WireMockConfiguration.options()
        .bindAddress("127.0.0.1")
        .jettyAcceptors(1)
        .dynamicPort()
        .notifier(new Slf4jNotifier(false))
        .templatingEnabled(false)
        .disableRequestJournal()
        .extensions(api));
    server.start();
    server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withStatus(404)));
  }

  /**
   * Starts an emulator with the default test account ({@link Builder#DEFAULT_ACCOUNT_SID},
   * {@link Builder#DEFAULT_AUTH_TOKEN}) on a free port.
   *
   * @return the running emulator
   */
  public static TwilioEmulator start() {
    return builder().start();
  }

  /**
   * Starts configuring an emulator.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the base URL to configure in place of {@code https://api.twilio.com}, e.g. {@code http://127.0.0.1:41234} */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /** @return the account SID the emulator accepts */
  public String accountSid() {
    return api.accountSid();
  }

  /** @return the auth token the emulator accepts */
  public String authToken() {
    return api.authToken();
  }

  /** @return the API key SID the emulator accepts, when one was configured */
  public Optional<String> apiKeySid() {
    return Optional.ofNullable(api.apiKeySid());
  }

  /** @return the API key secret the emulator accepts, when one was configured */
  public Optional<String> apiKeySecret() {
    return Optional.ofNullable(api.apiKeySecret());
  }

  /** @return every message created so far, in order */
  public List<Message> messages() {
    return api.messages();
  }

  /** @return every call created so far, in order */
  public List<Call> calls() {
    return api.calls();
  }

  /** @return every HTTP request received so far (any path, any outcome), in order */
  public List<Request> requests() {
    return api.requests();
  }

  /** @return how many HTTP requests were received so far */
  public int requestCount() {
    return api.requests().size();
  }

  /**
   * Blocks until at least {@code count} requests have arrived (for tests that send from another thread).
   *
   * @param count the number of requests
   * @param timeout the longest wait
   * @return whether they arrived in time
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitRequests(int count, Duration timeout) throws InterruptedException {
    return api.awaitRequests(count, timeout);
  }

  /**
   * Queues answers for the next API requests, one per request, in order; then normal service resumes.
   *
   * @param replies the answers
   * @return this emulator
   * @throws NullPointerException when a reply is null
   */
  public TwilioEmulator failNext(Reply... replies) {
    for (Reply r : replies) {
      api.enqueue(Objects.requireNonNull(r, "reply"));
    }
    return this;
  }

  /**
   * Answers every request whose {@code To} is the given number with the given reply, until {@link #reset()}.
   *
   * @param number E.164, with or without {@code whatsapp:}
   * @param reply the answer
   * @return this emulator
   * @throws NullPointerException when an argument is null
   */
  public TwilioEmulator replyTo(String number, Reply reply) {
    api.replyTo(Objects.requireNonNull(number, "number"), Objects.requireNonNull(reply, "reply"));
    return this;
  }

  /** Forgets every message, call, request and script. */
  public void reset() {
    api.reset();
  }

  /** Stops the server. Idempotent. */
  @Override
  public void close() {
    if (server.isRunning()) {
      server.stop();
    }
  }

  /**
   * Emits Twilio's signed status callback {@code delivered} for a message the emulator accepted, to the
   * {@code StatusCallback} URL the provider gave. Callbacks may be emitted in any order and repeated.
   *
   * @param messageSid the message's SID
   * @param to where to deliver the callback
   * @return the receiver's response
   * @throws IllegalArgumentException when no such message was accepted
   * @throws IllegalStateException when the message was sent without a StatusCallback
   */
  public dev.alertkit.webhook.WebhookResponse deliver(String messageSid, WebhookTarget to) {
    return messageStatus(messageSid, "delivered", null, to);
  }

  /**
   * Emits the signed status callback {@code failed} with an error code (e.g. 30007, filtered) for a message.
   *
   * @param messageSid the message's SID
   * @param errorCode the Twilio error code
   * @param to where to deliver the callback
   * @return the receiver's response
   * @throws IllegalArgumentException when no such message was accepted
   * @throws IllegalStateException when the message was sent without a StatusCallback
   */
  public dev.alertkit.webhook.WebhookResponse fail(String messageSid, int errorCode, WebhookTarget to) {
    return messageStatus(messageSid, "failed", Integer.toString(errorCode), to);
  }

  /**
   * Emits a signed message status callback with any status, e.g. {@code sent} or {@code undelivered}.
   *
   * @param messageSid the message's SID
   * @param status the {@code MessageStatus}
   * @param errorCode the {@code ErrorCode}, or null
   * @param to where to deliver the callback
   * @return the receiver's response
   * @throws IllegalArgumentException when no such message was accepted
   * @throws IllegalStateException when the message was sent without a StatusCallback
   */
  public dev.alertkit.webhook.WebhookResponse messageStatus(String messageSid, String status, String errorCode, WebhookTarget to) {
    Message m = messages().stream().filter(x -> x.sid().equals(messageSid)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no message " + messageSid + " was accepted by this emulator"));
    String url = m.param("StatusCallback")
        .orElseThrow(() -> new IllegalStateException("message " + messageSid + " was sent without a StatusCallback"));
    Map<String, String> p = new java.util.LinkedHashMap<>();
    p.put("MessageSid", m.sid());
    p.put("SmsSid", m.sid());
    p.put("AccountSid", accountSid());
    m.from().ifPresent(f -> p.put("From", f));
    p.put("To", m.to());
    p.put("MessageStatus", status);
    p.put("SmsStatus", status);
    if (errorCode != null) {
      p.put("ErrorCode", errorCode);
    }
    return Objects.requireNonNull(to, "to").send(EmulatorCallbacks.twilio(authToken(), url, p));
  }

  /**
   * Emits a signed call status callback, e.g. {@code ringing}, {@code completed}, {@code no-answer}, to the call's
   * {@code StatusCallback} URL.
   *
   * @param callSid the call's SID
   * @param status the {@code CallStatus}
   * @param to where to deliver the callback
   * @return the receiver's response
   * @throws IllegalArgumentException when no such call was created
   * @throws IllegalStateException when the call was created without a StatusCallback
   */
  public dev.alertkit.webhook.WebhookResponse callStatus(String callSid, String status, WebhookTarget to) {
    Call c = call(callSid);
    String url = c.param("StatusCallback")
        .orElseThrow(() -> new IllegalStateException("call " + callSid + " was created without a StatusCallback"));
    Map<String, String> p = new java.util.LinkedHashMap<>();
    p.put("CallSid", c.sid());
    p.put("AccountSid", accountSid());
    p.put("From", c.from());
    p.put("To", c.to());
    p.put("CallStatus", status);
    return Objects.requireNonNull(to, "to").send(EmulatorCallbacks.twilio(authToken(), url, p));
  }

  /**
   * Emits the signed {@code <Gather>} action request of a call whose TwiML asks to press a key, as if the person
   * pressed {@code digits}.
   *
   * @param callSid the call's SID
   * @param digits the keys pressed, e.g. {@code "1"}
   * @param to where to deliver the request
   * @return the receiver's response (TwiML)
   * @throws IllegalArgumentException when no such call was created
   * @throws IllegalStateException when the call's TwiML has no Gather action
   */
  public dev.alertkit.webhook.WebhookResponse pressDigit(String callSid, String digits, WebhookTarget to) {
    Call c = call(callSid);
    java.util.regex.Matcher action = Pattern.compile("<Gather[^>]*\\saction=\"([^\"]+)\"").matcher(c.twiml().orElse(""));
    if (!action.find()) {
      throw new IllegalStateException("call " + callSid + " has no <Gather action=...> in its TwiML");
    }
    String url = action.group(1).replace("&amp;", "&").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">");
    Map<String, String> p = new java.util.LinkedHashMap<>();
    p.put("CallSid", c.sid());
    p.put("AccountSid", accountSid());
    p.put("From", c.from());
    p.put("To", c.to());
    p.put("CallStatus", "in-progress");
    p.put("Digits", Objects.requireNonNull(digits, "digits"));
    return Objects.requireNonNull(to, "to").send(EmulatorCallbacks.twilio(authToken(), url, p));
  }

  /**
   * Emits the signed inbound-message webhook Twilio sends when a person replies by SMS to a number that messaged
   * them, as if {@code from} wrote {@code body}: {@code MessageSid}, {@code AccountSid}, {@code From}, {@code To} (the
   * number that last messaged {@code from}), {@code Body}, {@code NumMedia}, {@code NumSegments}.
   *
   * @param from the person's E.164 number
   * @param body what they wrote
   * @param inboundUrl the public inbound URL configured on the number (what Twilio signs), e.g.
   *     {@code "https://alerts.example.com/alertkit/twilio/inbound"}
   * @param to where to deliver the request
   * @return the receiver's response (TwiML)
   * @throws IllegalStateException when no SMS was sent to {@code from}
   */
  public dev.alertkit.webhook.WebhookResponse replySms(String from, String body, String inboundUrl, WebhookTarget to) {
    return reply(Objects.requireNonNull(from, "from"), body, inboundUrl, to, false);
  }

  /**
   * Emits the signed inbound-message webhook of a WhatsApp reply (inside the 24-hour window the reply opens): like
   * {@link #replySms} with {@code whatsapp:} addresses, {@code ProfileName} and {@code WaId}.
   *
   * @param from the person's E.164 number (with or without {@code whatsapp:})
   * @param body what they wrote
   * @param inboundUrl the public inbound URL (what Twilio signs)
   * @param to where to deliver the request
   * @return the receiver's response (TwiML)
   * @throws IllegalStateException when no WhatsApp message was sent to {@code from}
   */
  public dev.alertkit.webhook.WebhookResponse replyWhatsApp(String from, String body, String inboundUrl, WebhookTarget to) {
    String number = Objects.requireNonNull(from, "from").startsWith("whatsapp:") ? from.substring(9) : from;
    return reply(number, body, inboundUrl, to, true);
  }

  private dev.alertkit.webhook.WebhookResponse reply(String number, String body, String inboundUrl, WebhookTarget to, boolean whatsapp) {
    String address = whatsapp ? "whatsapp:" + number : number;
    String ours = messages().stream().filter(m -> m.to().equals(address)).reduce((a, b) -> b).flatMap(Message::from)
        .orElseThrow(() -> new IllegalStateException("no " + (whatsapp ? "WhatsApp message" : "SMS") + " with a From number was sent to "
            + number + ", so there is nothing to reply to"));
    Map<String, String> p = new java.util.LinkedHashMap<>();
    p.put("MessageSid", "SM" + java.util.UUID.randomUUID().toString().replace("-", ""));
    p.put("AccountSid", accountSid());
    p.put("From", address);
    p.put("To", ours);
    p.put("Body", Objects.requireNonNull(body, "body"));
    p.put("NumMedia", "0");
    p.put("NumSegments", "1");
    if (whatsapp) {
      p.put("ProfileName", "Emulated person");
      p.put("WaId", number.substring(1));
    }
    return Objects.requireNonNull(to, "to").send(EmulatorCallbacks.twilio(authToken(), Objects.requireNonNull(inboundUrl, "inboundUrl"), p));
  }

  /**
   * Sets what the Pricing API endpoints serve ({@code GET /v1/Messaging/Countries/{ISO}},
   * {@code GET /v2/Voice/Numbers/{E164}}): the table's SMS and voice prices per country, SMS for two emulated carriers
   * (the price and 90% of it). The default serves SMS US 0.0079, GB 0.0524, IN 0.0832 and voice US 0.0140,
   * GB 0.0158, IN 0.0490 USD; a country without a price answers 404 (Twilio error 20404).
   *
   * @param prices the prices
   * @return this emulator
   * @throws NullPointerException when prices is null
   */
  public TwilioEmulator prices(dev.alertkit.cost.PriceTable prices) {
    api.pricing(Objects.requireNonNull(prices, "prices"));
    return this;
  }

  /**
   * Emits a signed message status callback that carries the message's price, as Twilio does once a message is
   * priced: {@code Price} (negative for a charge, e.g. {@code "-0.00790"}) and {@code PriceUnit}.
   *
   * @param messageSid the message's SID
   * @param status the {@code MessageStatus}, e.g. {@code delivered}
   * @param price the {@code Price} value, e.g. {@code "-0.00790"}
   * @param priceUnit the {@code PriceUnit}, e.g. {@code "USD"}
   * @param to where to deliver the callback
   * @return the receiver's response
   * @throws IllegalArgumentException when no such message was accepted
   * @throws IllegalStateException when the message was sent without a StatusCallback
   */
  public dev.alertkit.webhook.WebhookResponse messageStatusWithPrice(String messageSid, String status, String price, String priceUnit,
      WebhookTarget to) {
    Message m = messages().stream().filter(x -> x.sid().equals(messageSid)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no message " + messageSid + " was accepted by this emulator"));
    String url = m.param("StatusCallback")
        .orElseThrow(() -> new IllegalStateException("message " + messageSid + " was sent without a StatusCallback"));
    Map<String, String> p = new java.util.LinkedHashMap<>();
    p.put("MessageSid", m.sid());
    p.put("SmsSid", m.sid());
    p.put("AccountSid", accountSid());
    m.from().ifPresent(f -> p.put("From", f));
    p.put("To", m.to());
    p.put("MessageStatus", Objects.requireNonNull(status, "status"));
    p.put("SmsStatus", status);
    p.put("Price", Objects.requireNonNull(price, "price"));
    p.put("PriceUnit", Objects.requireNonNull(priceUnit, "priceUnit"));
    return Objects.requireNonNull(to, "to").send(EmulatorCallbacks.twilio(authToken(), url, p));
  }

  /**
   * Emits a signed usage-trigger callback, as Twilio does about once a minute after a trigger's value is crossed
   * ({@code POST .../Usage/Triggers.json} with {@code CallbackUrl}).
   *
   * @param callbackUrl the trigger's {@code CallbackUrl}
   * @param usageCategory e.g. {@code sms}, {@code calls}, {@code totalprice}
   * @param triggerBy {@code count}, {@code usage} or {@code price}
   * @param triggerValue the trigger's value, e.g. {@code "50"}
   * @param currentValue the value now, e.g. {@code "50.75"}
   * @param recurring {@code daily}, {@code monthly}, {@code yearly} or {@code alltime}
   * @param to where to deliver the callback
   * @return the receiver's response
   */
  public dev.alertkit.webhook.WebhookResponse usageTrigger(String callbackUrl, String usageCategory, String triggerBy, String triggerValue,
      String currentValue, String recurring, WebhookTarget to) {
    Map<String, String> p = new java.util.LinkedHashMap<>();
    p.put("AccountSid", accountSid());
    p.put("UsageTriggerSid", "UT" + String.format("%032x", Math.abs((long) Objects.hash(callbackUrl, usageCategory, triggerValue))));
    p.put("Recurring", Objects.requireNonNull(recurring, "recurring"));
    p.put("UsageCategory", Objects.requireNonNull(usageCategory, "usageCategory"));
    p.put("TriggerBy", Objects.requireNonNull(triggerBy, "triggerBy"));
    p.put("TriggerValue", Objects.requireNonNull(triggerValue, "triggerValue"));
    p.put("CurrentValue", Objects.requireNonNull(currentValue, "currentValue"));
    p.put("IdempotencyToken", accountSid() + "-" + usageCategory + "-" + triggerValue + "-" + currentValue);
    return Objects.requireNonNull(to, "to").send(EmulatorCallbacks.twilio(authToken(), Objects.requireNonNull(callbackUrl, "callbackUrl"), p));
  }

  private Call call(String callSid) {
    return calls().stream().filter(x -> x.sid().equals(callSid)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no call " + callSid + " was created by this emulator"));
  }

  @Override
  public String toString() {
    return "TwilioEmulator{" + baseUrl() + ", account=" + accountSid() + ", requests=" + requestCount() + "}";
  }

  /** Configures a {@link TwilioEmulator}. Not thread-safe. */
  public static final class Builder {
    /** The account SID used unless another is set. */
    public static final String DEFAULT_ACCOUNT_SID = "AC00000000000000000000000000000001";
    /** The auth token used unless another is set (a test value, not a secret). */
    public static final String DEFAULT_AUTH_TOKEN = "emulator-auth-token-0000000000001";

    private String accountSid = DEFAULT_ACCOUNT_SID;
    private String authToken = DEFAULT_AUTH_TOKEN;
    private String apiKeySid;
    private String apiKeySecret;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the account SID the emulator accepts.
     *
     * @param accountSid {@code AC} + 32 hex digits
     * @return this builder
     * @throws IllegalArgumentException when malformed
     */
    public Builder accountSid(String accountSid) {
      if (accountSid == null || !ACCOUNT_SID.matcher(accountSid).matches()) {
        throw new IllegalArgumentException("accountSid: must be 'AC' followed by 32 hex characters");
      }
      this.accountSid = accountSid;
      return this;
    }

    /**
     * Sets the auth token the emulator accepts.
     *
     * @param authToken the token
     * @return this builder
     * @throws IllegalArgumentException when blank
     */
    public Builder authToken(String authToken) {
      if (authToken == null || authToken.isBlank()) {
        throw new IllegalArgumentException("authToken: must not be blank");
      }
      this.authToken = authToken;
      return this;
    }

    /**
     * Also accepts an API key (user name = key SID, password = secret) for the account.
     *
     * @param sid {@code SK} + 32 hex digits
     * @param secret the secret
     * @return this builder
     * @throws IllegalArgumentException when malformed
     */
    public Builder apiKey(String sid, String secret) {
      if (sid == null || !API_KEY_SID.matcher(sid).matches()) {
        throw new IllegalArgumentException("apiKeySid: must be 'SK' followed by 32 hex characters");
      }
      if (secret == null || secret.isBlank()) {
        throw new IllegalArgumentException("apiKeySecret: must not be blank");
      }
      this.apiKeySid = sid;
      this.apiKeySecret = secret;
      return this;
    }

    /**
     * Sets the clock for {@code date_created} and friends.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Starts the emulator on a free port of 127.0.0.1.
     *
     * @return the running emulator
     */
    public TwilioEmulator start() {
      return new TwilioEmulator(this);
    }
  }

  /**
   * A message the emulator created.
   *
   * @param sid {@code SM...} (or {@code MM...})
   * @param to the {@code To} parameter as sent
   * @param from the {@code From} parameter, when sent
   * @param messagingServiceSid the {@code MessagingServiceSid} parameter, when sent
   * @param body the {@code Body} parameter, when sent
   * @param status the initial status answered: {@code queued} or {@code accepted}
   * @param numSegments the segments computed for the body
   * @param params every form parameter as received (repeated names keep every value)
   */
  public record Message(String sid, String to, Optional<String> from, Optional<String> messagingServiceSid, Optional<String> body,
      String status, int numSegments, Map<String, List<String>> params) {
    /**
     * The first value of a form parameter.
     *
     * @param name the parameter name, e.g. {@code "StatusCallback"}
     * @return its value, when sent
     */
    public Optional<String> param(String name) {
      List<String> v = params.get(name);
      return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }
  }

  /**
   * A call the emulator created.
   *
   * @param sid {@code CA...}
   * @param to the {@code To} parameter
   * @param from the {@code From} parameter
   * @param twiml the {@code Twiml} parameter, when sent
   * @param status the initial status answered: {@code queued}
   * @param params every form parameter as received (repeated names keep every value, e.g. {@code StatusCallbackEvent})
   */
  public record Call(String sid, String to, String from, Optional<String> twiml, String status, Map<String, List<String>> params) {
    /**
     * The first value of a form parameter.
     *
     * @param name the parameter name
     * @return its value, when sent
     */
    public Optional<String> param(String name) {
      List<String> v = params.get(name);
      return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /**
     * Every value of a form parameter.
     *
     * @param name the parameter name
     * @return the values, empty when not sent
     */
    public List<String> params(String name) {
      return params.getOrDefault(name, List.of());
    }
  }

  /**
   * One HTTP request the emulator received.
   *
   * @param method the HTTP method
   * @param path the path, e.g. {@code /2010-04-01/Accounts/AC.../Messages.json}
   * @param username the basic-auth user name (account or API key SID), when sent; never the secret
   * @param params the form parameters
   * @param status the HTTP status answered, or 0 for a connection fault
   */
  public record Request(String method, String path, Optional<String> username, Map<String, List<String>> params, int status) {}

  /**
   * Sets the line type Twilio Lookup reports for a number ({@code line_type_intelligence.type}); numbers not set are
   * {@code mobile}. A {@code landline} also makes a Verify start by SMS fail with 60205.
   *
   * @param number E.164, e.g. {@code +14155550100}
   * @param type e.g. {@code landline}, {@code mobile}, {@code fixedVoip}, {@code nonFixedVoip}, {@code unknown}
   * @return this emulator
   */
  public TwilioEmulator lineType(String number, String type) {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(type, "type");
    synchronized (api) {
      api.verifyLookup().lineType(number, type);
    }
    return this;
  }

  /**
   * The one-time code Twilio Verify "sent" in the latest verification to an address, for a test to type back.
   *
   * @param to the number (or email) verified
   * @return the code, when a verification was started for it
   */
  public Optional<String> verificationCode(String to) {
    synchronized (api) {
      return api.verifyLookup().code(Objects.requireNonNull(to, "to"));
    }
  }

  /** @return every Verify verification started so far, in order */
  public List<Verification> verifications() {
    synchronized (api) {
      return api.verifyLookup().verifications();
    }
  }

  /** @return how many Lookup requests ({@code GET /v2/PhoneNumbers/...}) were received so far */
  public int lookupCount() {
    return (int) api.requests().stream().filter(r -> r.path().startsWith("/v2/PhoneNumbers/")).count();
  }

  /**
   * One Twilio Verify verification the emulator holds (never its code: use {@link #verificationCode(String)}).
   *
   * @param sid the {@code VE...} SID
   * @param serviceSid the {@code VA...} service SID
   * @param to the address verified
   * @param channel {@code sms}, {@code call}, {@code whatsapp} or {@code email}
   * @param status {@code pending}, {@code approved}, {@code canceled}, {@code expired} or {@code max_attempts_reached}
   * @param sends how many codes were sent (the start and each resend)
   * @param checks how many codes were checked
   */
  public record Verification(String sid, String serviceSid, String to, String channel, String status, int sends, int checks) {}

  /**
   * A scripted answer. Build with the factories; immutable.
   */
  public static final class Reply {
    /** What kind of answer. */
    public enum Kind {
      /** A Twilio error JSON with a status and code. */
      TWILIO_ERROR,
      /** A non-JSON (HTML) error page. */
      HTML_ERROR,
      /** The connection is reset without an answer. */
      CONNECTION_RESET,
      /** The normal answer, after a delay. */
      DELAYED,
      /** A 201 whose body is not valid JSON (the resource is created). */
      MALFORMED_JSON
    }

    private final Kind kind;
    private final int status;
    private final int code;
    private final String message;
    private final Duration retryAfter;
    private final Duration delay;

    private Reply(Kind kind, int status, int code, String message, Duration retryAfter, Duration delay) {
      this.kind = kind;
      this.status = status;
      this.code = code;
      this.message = message;
      this.retryAfter = retryAfter;
      this.delay = delay;
    }

    /**
     * A Twilio error answer.
     *
     * @param httpStatus e.g. 400
     * @param code the Twilio error code, e.g. 21211
     * @param message Twilio's message
     * @return the reply
     */
    public static Reply error(int httpStatus, int code, String message) {
      return new Reply(Kind.TWILIO_ERROR, httpStatus, code, Objects.requireNonNull(message, "message"), null, null);
    }

    /** @return HTTP 429, code 20429, no Retry-After header */
    public static Reply rateLimited() {
      return new Reply(Kind.TWILIO_ERROR, 429, 20429, "Too Many Requests", null, null);
    }

    /**
     * HTTP 429, code 20429, with a Retry-After header.
     *
     * @param retryAfter the wait, sent in whole seconds
     * @return the reply
     */
    public static Reply rateLimited(Duration retryAfter) {
      return new Reply(Kind.TWILIO_ERROR, 429, 20429, "Too Many Requests", Objects.requireNonNull(retryAfter, "retryAfter"), null);
    }

    /**
     * A 5xx with Twilio's JSON body (code 20500, or 20503 for 503).
     *
     * @param httpStatus 500 to 599
     * @return the reply
     */
    public static Reply serverError(int httpStatus) {
      return new Reply(Kind.TWILIO_ERROR, httpStatus, httpStatus == 503 ? 20503 : 20500,
          httpStatus == 503 ? "Service Unavailable" : "An internal server error has occurred", null, null);
    }

    /**
     * An error with an HTML body, as a load balancer would send.
     *
     * @param httpStatus e.g. 502
     * @return the reply
     */
    public static Reply htmlError(int httpStatus) {
      return new Reply(Kind.HTML_ERROR, httpStatus, 0, "", null, null);
    }

    /** @return a reset connection, no answer */
    public static Reply connectionReset() {
      return new Reply(Kind.CONNECTION_RESET, 0, 0, "", null, null);
    }

    /**
     * The normal answer after a server-side delay (the resource is created).
     *
     * @param delay the delay
     * @return the reply
     */
    public static Reply delayed(Duration delay) {
      return new Reply(Kind.DELAYED, 0, 0, "", null, Objects.requireNonNull(delay, "delay"));
    }

    /** @return a 201 with a truncated JSON body (the resource is created) */
    public static Reply malformedJson() {
      return new Reply(Kind.MALFORMED_JSON, 201, 0, "", null, null);
    }

    /** @return the kind */
    public Kind kind() {
      return kind;
    }

    /** @return the HTTP status, 0 when none */
    public int status() {
      return status;
    }

    /** @return the Twilio error code, 0 when none */
    public int code() {
      return code;
    }

    /** @return the Twilio error message */
    public String message() {
      return message;
    }

    /** @return the Retry-After value, when one is sent */
    public Optional<Duration> retryAfter() {
      return Optional.ofNullable(retryAfter);
    }

    /** @return the delay, for {@link Kind#DELAYED} */
    public Optional<Duration> delay() {
      return Optional.ofNullable(delay);
    }

    @Override
    public String toString() {
      return "Reply{" + kind + (status > 0 ? " " + status : "") + (code > 0 ? " code " + code : "")
          + (retryAfter != null ? " retry-after " + retryAfter : "") + (delay != null ? " after " + delay : "") + "}";
    }
  }
}
