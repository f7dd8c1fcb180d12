package dev.alertkit.twilio;

import dev.alertkit.HttpSettings;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.Checks;
import dev.alertkit.spi.support.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything alertkit needs to talk to one Twilio account. Immutable and thread-safe; build it with
 * {@link #builder()} or read it from the environment with {@link #fromEnv()}.
 *
 * <pre>{@code
 * TwilioConfig twilio = TwilioConfig.builder()
 *     .accountSid("AC0123456789abcdef0123456789abcdef")
 *     .apiKey("SK0123456789abcdef0123456789abcdef", apiSecret)   // preferred over the auth token
 *     .smsFrom("+14155550100")
 *     .voiceFrom("+14155550100")
 *     .whatsappFrom("+14155550123")
 *     .statusCallbackBaseUrl("https://hooks.example.com")
 *     .http(TwilioConfig.DEFAULT_HTTP.toBuilder().readTimeout(Duration.ofSeconds(8)).build())  // optional
 *     .build();
 * }</pre>
 *
 * <p>Secrets (auth token, API key secret) never appear in {@link #toString()}, in log lines or in exception
 * messages.
 *
 * <p>Environment variables read by {@link Builder#fromEnv()}: {@value #ENV_ACCOUNT_SID}, {@value #ENV_API_KEY},
 * {@value #ENV_API_SECRET}, {@value #ENV_AUTH_TOKEN}, {@value #ENV_MESSAGING_SERVICE_SID}, {@value #ENV_SMS_FROM},
 * {@value #ENV_VOICE_FROM}, {@value #ENV_WHATSAPP_FROM}, {@value #ENV_STATUS_CALLBACK_BASE_URL}.
 */
public final class TwilioConfig {
  /** Environment variable holding the account SID ({@code AC...}). */
  public static final String ENV_ACCOUNT_SID = "TWILIO_ACCOUNT_SID";
  /** Environment variable holding the API key SID ({@code SK...}). */
  public static final String ENV_API_KEY = "TWILIO_API_KEY";
  /** Environment variable holding the API key secret. */
  public static final String ENV_API_SECRET = "TWILIO_API_SECRET";
  /** Environment variable holding the auth token (used only when no API key is set). */
  public static final String ENV_AUTH_TOKEN = "TWILIO_AUTH_TOKEN";
  /** Environment variable holding the messaging service SID ({@code MG...}). */
  public static final String ENV_MESSAGING_SERVICE_SID = "TWILIO_MESSAGING_SERVICE_SID";
  /** Environment variable holding the default SMS sender (E.164 number, short code or alphanumeric sender ID). */
  public static final String ENV_SMS_FROM = "TWILIO_SMS_FROM";
  /** Environment variable holding the voice caller ID (E.164). */
  public static final String ENV_VOICE_FROM = "TWILIO_VOICE_FROM";
  /** Environment variable holding the WhatsApp sender (E.164, with or without {@code whatsapp:}). */
  public static final String ENV_WHATSAPP_FROM = "TWILIO_WHATSAPP_FROM";
  /** Environment variable holding the public base URL of the status callback endpoints. */
  public static final String ENV_STATUS_CALLBACK_BASE_URL = "TWILIO_STATUS_CALLBACK_BASE_URL";

  /**
   * Default connect timeout: 5 seconds.
   *
   * @deprecated read {@code DEFAULT_HTTP.connectTimeout()} ({@link #DEFAULT_HTTP})
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /**
   * Default read (response) timeout: 10 seconds.
   *
   * @deprecated read {@code DEFAULT_HTTP.readTimeout()} ({@link #DEFAULT_HTTP})
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
  /**
   * Default wait for a free pooled connection: 5 seconds.
   *
   * @deprecated read {@code DEFAULT_HTTP.poolLeaseTimeout()} ({@link #DEFAULT_HTTP})
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static final Duration DEFAULT_POOL_TIMEOUT = Duration.ofSeconds(5);
  /**
   * Default connection pool size: 100.
   *
   * @deprecated read {@code DEFAULT_HTTP.poolSize()} ({@link #DEFAULT_HTTP})
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static final int DEFAULT_CONNECTION_POOL_SIZE = 100;
  /**
   * Twilio's HTTP defaults: connect 5 s, read 10 s, 100 pooled connections (all requests go to one route; sized so
   * that a burst of alerts to many people is not queued behind the SDK's default of 20), 5 s wait for a free one.
   * Start from {@code DEFAULT_HTTP.toBuilder()} to change one value.
   */
  public static final HttpSettings DEFAULT_HTTP = HttpSettings.builder()
      .connectTimeout(Duration.ofSeconds(5))
      .readTimeout(Duration.ofSeconds(10))
      .poolSize(100)
      .poolLeaseTimeout(Duration.ofSeconds(5))
      .build();
  /** Default SMS validity period: 300 seconds (Twilio's own default queues for 10 hours). */
  public static final Duration DEFAULT_SMS_VALIDITY_PERIOD = Duration.ofSeconds(300);
  /** Default number of times a call speaks the alert. */
  public static final int DEFAULT_VOICE_REPEAT = 2;
  /** Default ring timeout of a call: 30 seconds. */
  public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(TwilioConfig.class);
  private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
  private static final Pattern API_KEY_SID = Pattern.compile("SK[0-9a-fA-F]{32}");
  private static final Pattern MESSAGING_SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern SHORT_CODE = Pattern.compile("[0-9]{3,8}");
  private static final Pattern ALPHANUMERIC_SENDER = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");
  private static final Pattern SECRET = Pattern.compile("\\S{8,256}");
  private static final Pattern VOICE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

  private final String accountSid;
  private final String authToken;
  private final String apiKeySid;
  private final String apiKeySecret;
  private final String messagingServiceSid;
  private final String smsFrom;
  private final String voiceFrom;
  private final String voiceFromForIndia;
  private final String whatsappFrom;
  private final URI statusCallbackBaseUrl;
  private final URI baseUrl;
  private final HttpSettings http;
  private final Duration smsValidityPeriod;
  private final String voiceName;
  private final String voiceLanguage;
  private final int voiceRepeat;
  private final Duration ringTimeout;
  private final boolean machineDetection;
  private final boolean askToAcknowledge;
  private final boolean allowInsecureHttp;

  private TwilioConfig(Builder b) {
    this.accountSid = b.accountSid;
    this.authToken = b.authToken;
    this.apiKeySid = b.apiKeySid;
    this.apiKeySecret = b.apiKeySecret;
    this.messagingServiceSid = b.messagingServiceSid;
    this.smsFrom = b.smsFrom;
    this.voiceFrom = b.voiceFrom;
    this.voiceFromForIndia = b.voiceFromForIndia;
    this.whatsappFrom = b.whatsappFrom;
    this.statusCallbackBaseUrl = b.parsedCallbackBase;
    this.baseUrl = b.parsedBaseUrl;
    this.http = b.http;
    this.smsValidityPeriod = b.smsValidityPeriod;
    this.voiceName = b.voiceName;
    this.voiceLanguage = b.voiceLanguage;
    this.voiceRepeat = b.voiceRepeat;
    this.ringTimeout = b.ringTimeout;
    this.machineDetection = b.machineDetection;
    this.askToAcknowledge = b.askToAcknowledge;
    this.allowInsecureHttp = b.allowInsecureHttp;
  }

  /** @return whether a plain {@code http://} {@link #baseUrl()} to a host other than loopback was explicitly allowed */
  public boolean allowInsecureHttp() {
    return allowInsecureHttp;
  }

  /**
   * Starts a configuration.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a configuration from the process environment (see the class comment for the variables).
   *
   * @return the configuration
   * @throws ValidationException when a variable is missing or malformed; the message names the variable
   */
  public static TwilioConfig fromEnv() {
    return builder().fromEnv().build();
  }

  /**
   * Reads a configuration from the given variables, as {@link #fromEnv()} does from the process environment.
   *
   * @param env the variables, e.g. a test's map
   * @return the configuration
   * @throws ValidationException when a variable is missing or malformed; the message names the variable
   */
  public static TwilioConfig fromEnv(Map<String, String> env) {
    return builder().fromEnv(env).build();
  }

  /** @return the account SID ({@code AC...}); not a secret */
  public String accountSid() {
    return accountSid;
  }

  /** @return whether the configuration authenticates with an API key (rather than the auth token) */
  public boolean usesApiKey() {
    return apiKeySid != null;
  }

  /** @return the API key SID ({@code SK...}), when an API key is used; not a secret */
  public Optional<String> apiKeySid() {
    return Optional.ofNullable(apiKeySid);
  }

  /**
   * The user name of HTTP basic authentication: the API key SID, or the account SID.
   *
   * @return the user name
   */
  String username() {
    return apiKeySid != null ? apiKeySid : accountSid;
  }

  /**
   * The password of HTTP basic authentication: the API key secret, or the auth token. Package-private on purpose.
   *
   * @return the secret
   */
  String secret() {
    return apiKeySid != null ? apiKeySecret : authToken;
  }

  /** @return the messaging service SID ({@code MG...}), when configured */
  public Optional<String> messagingServiceSid() {
    return Optional.ofNullable(messagingServiceSid);
  }

  /** @return the default SMS sender: an E.164 number, a short code or an alphanumeric sender ID */
  public Optional<String> smsFrom() {
    return Optional.ofNullable(smsFrom);
  }

  /** @return the default voice caller ID (E.164) */
  public Optional<String> voiceFrom() {
    return Optional.ofNullable(voiceFrom);
  }

  /** @return the non-Indian caller ID used for calls to Indian (+91) numbers, when configured */
  public Optional<String> voiceFromForIndia() {
    return Optional.ofNullable(voiceFromForIndia);
  }

  /** @return the WhatsApp sender as E.164 (without the {@code whatsapp:} prefix) */
  public Optional<String> whatsappFrom() {
    return Optional.ofNullable(whatsappFrom);
  }

  /** @return the public base URL under which the status callback endpoints are served */
  public Optional<URI> statusCallbackBaseUrl() {
    return Optional.ofNullable(statusCallbackBaseUrl);
  }

  /** @return the base URL that replaces {@code https://api.twilio.com} (an emulator or a proxy), when set */
  public Optional<URI> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /** @return timeouts and connection pool of the HTTP client that talks to Twilio */
  public HttpSettings http() {
    return http;
  }

  /**
   * The TCP connect timeout.
   *
   * @return {@code http().connectTimeout()}
   * @deprecated use {@code http().connectTimeout()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public Duration connectTimeout() {
    return http.connectTimeout();
  }

  /**
   * The read timeout.
   *
   * @return {@code http().readTimeout()}
   * @deprecated use {@code http().readTimeout()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public Duration readTimeout() {
    return http.readTimeout();
  }

  /**
   * The longest wait for a free pooled connection.
   *
   * @return {@code http().poolLeaseTimeout()}
   * @deprecated use {@code http().poolLeaseTimeout()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public Duration poolTimeout() {
    return http.poolLeaseTimeout();
  }

  /**
   * The most connections open to Twilio at once.
   *
   * @return {@code http().poolSize()}
   * @deprecated use {@code http().poolSize()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public int connectionPoolSize() {
    return http.poolSize();
  }

  /** @return how long Twilio may queue an SMS or WhatsApp message before giving up ({@code ValidityPeriod}) */
  public Duration smsValidityPeriod() {
    return smsValidityPeriod;
  }

  /** @return the default voice of spoken alerts, e.g. {@code Polly.Aditi}; empty means Twilio's default */
  public Optional<String> voiceName() {
    return Optional.ofNullable(voiceName);
  }

  /** @return the default language of spoken alerts, e.g. {@code en-IN}; empty means Twilio's default */
  public Optional<String> voiceLanguage() {
    return Optional.ofNullable(voiceLanguage);
  }

  /** @return how many times a call speaks the alert when the alert has no voice override */
  public int voiceRepeat() {
    return voiceRepeat;
  }

  /** @return how long a call rings before it counts as not answered */
  public Duration ringTimeout() {
    return ringTimeout;
  }

  /** @return whether calls ask Twilio to detect answering machines ({@code MachineDetection=Enable}) */
  public boolean machineDetection() {
    return machineDetection;
  }

  /** @return whether calls ask the person to press 1 to acknowledge, when the alert has no voice override */
  public boolean askToAcknowledge() {
    return askToAcknowledge;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("TwilioConfig{accountSid=").append(accountSid);
    if (apiKeySid != null) {
      s.append(", auth=apiKey ").append(apiKeySid).append(" (secret ****)");
    } else {
      s.append(", auth=authToken ****");
    }
    optional(s, "messagingServiceSid", messagingServiceSid);
    optional(s, "smsFrom", smsFrom);
    optional(s, "voiceFrom", voiceFrom);
    optional(s, "voiceFromForIndia", voiceFromForIndia);
    optional(s, "whatsappFrom", whatsappFrom);
    optional(s, "statusCallbackBaseUrl", statusCallbackBaseUrl);
    optional(s, "baseUrl", baseUrl);
    if (allowInsecureHttp) {
      s.append(", allowInsecureHttp=true");
    }
    s.append(", http=").append(http).append(", smsValidityPeriod=").append(smsValidityPeriod);
    optional(s, "voiceName", voiceName);
    optional(s, "voiceLanguage", voiceLanguage);
    s.append(", voiceRepeat=").append(voiceRepeat).append(", ringTimeout=").append(ringTimeout)
        .append(", machineDetection=").append(machineDetection).append(", askToAcknowledge=").append(askToAcknowledge);
    return s.append('}').toString();
  }

  private static void optional(StringBuilder s, String name, Object value) {
    if (value != null) {
      s.append(", ").append(name).append('=').append(value);
    }
  }

  /**
   * Builds a {@link TwilioConfig}; {@link #build()} validates every value and names the field and the rule in
   * its {@link ValidationException}. Not thread-safe.
   */
  public static final class Builder {
    private String accountSid;
    private String authToken;
    private String apiKeySid;
    private String apiKeySecret;
    private String messagingServiceSid;
    private String smsFrom;
    private String voiceFrom;
    private String voiceFromForIndia;
    private String whatsappFrom;
    private String statusCallbackBaseUrl;
    private String baseUrlText;
    private URI parsedCallbackBase;
    private URI parsedBaseUrl;
    private HttpSettings http = DEFAULT_HTTP;
    /** Changes made through the deprecated flat setters, validated in {@link #build()}. */
    private HttpSettings.Builder flatHttp;
    private Duration smsValidityPeriod = DEFAULT_SMS_VALIDITY_PERIOD;
    private String voiceName;
    private String voiceLanguage;
    private int voiceRepeat = DEFAULT_VOICE_REPEAT;
    private Duration ringTimeout = DEFAULT_RING_TIMEOUT;
    private boolean machineDetection;
    private boolean askToAcknowledge;
    private boolean allowInsecureHttp;
    /** Which environment variable a field came from, to name it in validation messages. */
    private final Map<String, String> sources = new HashMap<>();

    private Builder() {}

    /**
     * Sets the account SID (required).
     *
     * @param accountSid {@code AC} followed by 32 hex characters
     * @return this builder
     */
    public Builder accountSid(String accountSid) {
      this.accountSid = accountSid;
      return this;
    }

    /**
     * Authenticates with the account's auth token. Prefer {@link #apiKey(String, String)}: keys can be revoked
     * one by one.
     *
     * @param authToken the auth token
     * @return this builder
     */
    public Builder authToken(String authToken) {
      this.authToken = authToken;
      return this;
    }

    /**
     * Authenticates with an API key (preferred over the auth token).
     *
     * @param apiKeySid {@code SK} followed by 32 hex characters
     * @param apiKeySecret the key's secret
     * @return this builder
     */
    public Builder apiKey(String apiKeySid, String apiKeySecret) {
      this.apiKeySid = apiKeySid;
      this.apiKeySecret = apiKeySecret;
      return this;
    }

    /**
     * Sends SMS and WhatsApp through a messaging service, which picks the sender from its pool.
     *
     * @param messagingServiceSid {@code MG} followed by 32 hex characters
     * @return this builder
     */
    public Builder messagingServiceSid(String messagingServiceSid) {
      this.messagingServiceSid = messagingServiceSid;
      return this;
    }

    /**
     * Sets the default SMS sender, used when no messaging service is configured and the message names no sender.
     *
     * @param from an E.164 number ({@code +14155550100}), a short code (digits) or an alphanumeric sender ID (1 to
     *     11 letters, digits and spaces, at least one letter)
     * @return this builder
     */
    public Builder smsFrom(String from) {
      this.smsFrom = from;
      return this;
    }

    /**
     * Sets the caller ID of voice calls.
     *
     * @param from an E.164 number owned by or verified with the account
     * @return this builder
     */
    public Builder voiceFrom(String from) {
      this.voiceFrom = from;
      return this;
    }

    /**
     * Sets the caller ID used for calls to Indian (+91) numbers, which must come from a non-Indian caller ID.
     *
     * @param from a non-Indian E.164 number owned by or verified with the account
     * @return this builder
     */
    public Builder voiceFromForIndia(String from) {
      this.voiceFromForIndia = from;
      return this;
    }

    /**
     * Sets the WhatsApp sender.
     *
     * @param from an E.164 number, with or without the {@code whatsapp:} prefix
     * @return this builder
     */
    public Builder whatsappFrom(String from) {
      this.whatsappFrom = from;
      return this;
    }

    /**
     * Sets the public base URL under which the application serves {@link TwilioCallbacks} paths. Without it no
     * status callbacks are requested and calls cannot ask for an acknowledgement.
     *
     * @param baseUrl an absolute {@code https} (or {@code http}) URL without query or fragment
     * @return this builder
     */
    public Builder statusCallbackBaseUrl(String baseUrl) {
      this.statusCallbackBaseUrl = baseUrl;
      return this;
    }

    /**
     * Replaces {@code https://api.twilio.com} with another base URL: the testkit's {@code TwilioEmulator} or an
     * egress proxy. Do not combine with Twilio regions or edges.
     *
     * @param baseUrl an absolute {@code http} or {@code https} URL without query or fragment, e.g.
     *     {@code http://127.0.0.1:8089}
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrlText = baseUrl;
      return this;
    }

    /**
     * Allows a plain {@code http://} {@link #baseUrl(String)} to a host other than loopback (default false). Every
     * request carries the account's credentials in its {@code Authorization} header, so over plain HTTP anyone on the
     * path can read them: allow it only towards a trusted egress proxy on a private network. {@link #build()} logs a
     * WARN line when it is used. Loopback hosts ({@code 127.0.0.1}, {@code localhost}, {@code ::1}), such as the
     * testkit's emulator, need no opt-in.
     *
     * @param allow true to allow plain HTTP to any host
     * @return this builder
     */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /**
     * Sets the timeouts and connection pool of the HTTP client that talks to Twilio (default
     * {@link TwilioConfig#DEFAULT_HTTP}: connect 5 s, read 10 s, 100 connections, 5 s pool lease timeout). Replaces
     * every HTTP value: start from {@code TwilioConfig.DEFAULT_HTTP.toBuilder()} to change one. A read timeout makes
     * the send {@code AMBIGUOUS}: Twilio may have taken the message.
     *
     * @param http the settings
     * @return this builder
     */
    public Builder http(HttpSettings http) {
      this.http = http;
      this.flatHttp = null;
      return this;
    }

    private HttpSettings.Builder flatHttp() {
      if (flatHttp == null) {
        flatHttp = (http == null ? DEFAULT_HTTP : http).toBuilder();
      }
      return flatHttp;
    }

    /**
     * Sets the TCP connect timeout.
     *
     * @param timeout 1 ms to 10 minutes
     * @return this builder
     * @deprecated use {@link #http(HttpSettings)} with {@code HttpSettings.Builder#connectTimeout}
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public Builder connectTimeout(Duration timeout) {
      flatHttp().connectTimeout(timeout);
      return this;
    }

    /**
     * Sets the read timeout.
     *
     * @param timeout 1 ms to 10 minutes
     * @return this builder
     * @deprecated use {@link #http(HttpSettings)} with {@code HttpSettings.Builder#readTimeout}
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public Builder readTimeout(Duration timeout) {
      flatHttp().readTimeout(timeout);
      return this;
    }

    /**
     * Sets the longest wait for a free pooled connection.
     *
     * @param timeout 1 ms to 10 minutes
     * @return this builder
     * @deprecated use {@link #http(HttpSettings)} with {@code HttpSettings.Builder#poolLeaseTimeout}
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public Builder poolTimeout(Duration timeout) {
      flatHttp().poolLeaseTimeout(timeout);
      return this;
    }

    /**
     * Sets the most connections open to Twilio at once.
     *
     * @param size 1 to 1000
     * @return this builder
     * @deprecated use {@link #http(HttpSettings)} with {@code HttpSettings.Builder#poolSize}
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public Builder connectionPoolSize(int size) {
      flatHttp().poolSize(size);
      return this;
    }

    /**
     * Sets how long Twilio may queue an SMS or WhatsApp message ({@code ValidityPeriod}; default 300 s). Alerts
     * that arrive hours late do harm: keep it short.
     *
     * @param period 1 second to 36,000 seconds, whole seconds
     * @return this builder
     */
    public Builder smsValidityPeriod(Duration period) {
      this.smsValidityPeriod = period;
      return this;
    }

    /**
     * Sets the default voice of spoken alerts, e.g. {@code Polly.Aditi} for Indian English.
     *
     * @param voice a Twilio voice name
     * @return this builder
     */
    public Builder voiceName(String voice) {
      this.voiceName = voice;
      return this;
    }

    /**
     * Sets the default language of spoken alerts, e.g. {@code en-IN}.
     *
     * @param language a BCP 47 tag
     * @return this builder
     */
    public Builder voiceLanguage(String language) {
      this.voiceLanguage = language;
      return this;
    }

    /**
     * Sets how many times a call speaks the alert (default {@value TwilioConfig#DEFAULT_VOICE_REPEAT}), when the
     * alert has no voice override.
     *
     * @param times 1 to 10
     * @return this builder
     */
    public Builder voiceRepeat(int times) {
      this.voiceRepeat = times;
      return this;
    }

    /**
     * Sets how long a call rings (default 30 s).
     *
     * @param timeout 1 to 600 seconds, whole seconds
     * @return this builder
     */
    public Builder ringTimeout(Duration timeout) {
      this.ringTimeout = timeout;
      return this;
    }

    /**
     * Asks Twilio to detect answering machines (default off).
     *
     * @param enabled whether to send {@code MachineDetection=Enable}
     * @return this builder
     */
    public Builder machineDetection(boolean enabled) {
      this.machineDetection = enabled;
      return this;
    }

    /**
     * Asks the person to press 1 to acknowledge, when the alert has no voice override (default off). Needs
     * {@link #statusCallbackBaseUrl(String)}.
     *
     * @param ask whether to ask
     * @return this builder
     */
    public Builder askToAcknowledge(boolean ask) {
      this.askToAcknowledge = ask;
      return this;
    }

    /**
     * Fills this builder from the process environment. Variables that are unset leave the field as it is; an API
     * key ({@value TwilioConfig#ENV_API_KEY} + {@value TwilioConfig#ENV_API_SECRET}) wins over
     * {@value TwilioConfig#ENV_AUTH_TOKEN} when both are set.
     *
     * @return this builder
     */
    public Builder fromEnv() {
      return fromEnv(System.getenv());
    }

    /**
     * Fills this builder from the given variables, as {@link #fromEnv()} does from the process environment.
     *
     * @param env the variables
     * @return this builder
     * @throws NullPointerException when env is null
     */
    public Builder fromEnv(Map<String, String> env) {
      Objects.requireNonNull(env, "env");
      String sid = env.get(ENV_ACCOUNT_SID);
      if (present(sid)) {
        accountSid(sid.strip());
        sources.put("accountSid", ENV_ACCOUNT_SID);
      }
      String key = env.get(ENV_API_KEY);
      String secret = env.get(ENV_API_SECRET);
      String token = env.get(ENV_AUTH_TOKEN);
      if (present(key) || present(secret)) {
        apiKey(present(key) ? key.strip() : null, present(secret) ? secret.strip() : null);
        authToken = null;
        sources.put("apiKeySid", ENV_API_KEY);
        sources.put("apiKeySecret", ENV_API_SECRET);
      } else if (present(token)) {
        authToken(token.strip());
        sources.put("authToken", ENV_AUTH_TOKEN);
      }
      fromEnv(env, ENV_MESSAGING_SERVICE_SID, "messagingServiceSid", this::messagingServiceSid);
      fromEnv(env, ENV_SMS_FROM, "smsFrom", this::smsFrom);
      fromEnv(env, ENV_VOICE_FROM, "voiceFrom", this::voiceFrom);
      fromEnv(env, ENV_WHATSAPP_FROM, "whatsappFrom", this::whatsappFrom);
      fromEnv(env, ENV_STATUS_CALLBACK_BASE_URL, "statusCallbackBaseUrl", this::statusCallbackBaseUrl);
      return this;
    }

    private void fromEnv(Map<String, String> env, String name, String field, java.util.function.Consumer<String> setter) {
      String v = env.get(name);
      if (present(v)) {
        setter.accept(v.strip());
        sources.put(field, name);
      }
    }

    private static boolean present(String v) {
      return v != null && !v.isBlank();
    }


    /**
     * Validates and builds the configuration.
     *
     * @return the configuration
     * @throws ValidationException naming the field (and the environment variable it came from) and the rule, when:
     *     the account SID is missing or not {@code AC} + 32 hex; neither or both of auth token and API key are set;
     *     the API key SID is not {@code SK} + 32 hex or its secret is missing; a SID, sender or URL is malformed;
     *     {@code voiceFromForIndia} is an Indian number; the HTTP settings are missing or a value set through a
     *     deprecated flat setter is out of range ({@code http.readTimeout} ...); a validity period, repeat count or
     *     ring timeout is out of range
     */
    public TwilioConfig build() {
      if (accountSid == null) {
        throw fail("accountSid", "is required (set it, or " + ENV_ACCOUNT_SID + ")");
      }
      if (!ACCOUNT_SID.matcher(accountSid).matches()) {
        // Never echo the value: an auth token pasted into this field would land in the exception and the logs.
        throw fail("accountSid", "must be 'AC' followed by 32 hex characters (got " + Redaction.shape(accountSid, "AC")
            + "; value not shown)");
      }
      boolean hasKey = apiKeySid != null || apiKeySecret != null;
      if (hasKey && authToken != null) {
        throw fail("authToken", "set either an auth token or an API key (apiKeySid + apiKeySecret), not both");
      }
      if (!hasKey && authToken == null) {
        throw fail("authToken", "credentials are required: an API key (apiKeySid + apiKeySecret, preferred) or an auth token");
      }
      if (hasKey) {
        if (apiKeySid == null) {
          throw fail("apiKeySid", "is required when an API key secret is set");
        }
        if (!API_KEY_SID.matcher(apiKeySid).matches()) {
          throw fail("apiKeySid", "must be 'SK' followed by 32 hex characters (got " + Redaction.shape(apiKeySid, "SK")
              + "; value not shown)");
        }
        if (apiKeySecret == null) {
          throw fail("apiKeySecret", "is required when an API key SID is set");
        }
        if (!SECRET.matcher(apiKeySecret).matches()) {
          throw fail("apiKeySecret", "must be 8 to 256 characters without whitespace (got " + Redaction.shape(apiKeySecret, null)
              + "; value not shown)");
        }
      } else if (!SECRET.matcher(authToken).matches()) {
        throw fail("authToken", "must be 8 to 256 characters without whitespace (got " + Redaction.shape(authToken, null)
            + "; value not shown)");
      }
      if (messagingServiceSid != null && !MESSAGING_SERVICE_SID.matcher(messagingServiceSid).matches()) {
        throw fail("messagingServiceSid", "must be 'MG' followed by 32 hex characters (got "
            + Redaction.shape(messagingServiceSid, "MG") + "; value not shown)");
      }
      if (smsFrom != null && !E164.matcher(smsFrom).matches() && !SHORT_CODE.matcher(smsFrom).matches()
          && !ALPHANUMERIC_SENDER.matcher(smsFrom).matches()) {
        throw fail("smsFrom", "must be an E.164 number (+14155550100), a short code (3 to 8 digits) or an alphanumeric "
            + "sender ID (1 to 11 letters, digits and spaces, at least one letter) (was '" + smsFrom + "')");
      }
      if (voiceFrom != null) {
        e164("voiceFrom", voiceFrom);
      }
      if (voiceFromForIndia != null) {
        e164("voiceFromForIndia", voiceFromForIndia);
        if (voiceFromForIndia.startsWith("+91")) {
          throw fail("voiceFromForIndia", "must be a non-Indian number: calls to India must come from a non-Indian "
              + "caller ID (was '" + voiceFromForIndia + "')");
        }
      }
      if (whatsappFrom != null) {
        if (whatsappFrom.startsWith("whatsapp:")) {
          whatsappFrom = whatsappFrom.substring("whatsapp:".length());
        }
        e164("whatsappFrom", whatsappFrom);
      }
      parsedCallbackBase = statusCallbackBaseUrl == null ? null : url("statusCallbackBaseUrl", statusCallbackBaseUrl);
      parsedBaseUrl = baseUrlText == null ? null : url("baseUrl", baseUrlText);
      if (parsedBaseUrl != null && "http".equalsIgnoreCase(parsedBaseUrl.getScheme()) && !Checks.isLoopbackHost(parsedBaseUrl.getHost())) {
        if (!allowInsecureHttp) {
          throw fail("baseUrl", "must use https: plain http to " + parsedBaseUrl.getHost() + " would send the account's"
              + " credentials in clear text (http is accepted for loopback hosts only; allowInsecureHttp(true) overrides)");
        }
        LOG.warn("TwilioConfig.baseUrl {} uses plain http to a host that is not loopback (allowInsecureHttp): every request"
            + " sends the account's credentials in clear text", Redaction.url(parsedBaseUrl.toString()));
      }
      if (flatHttp != null) {
        http = flatHttp.build();
        flatHttp = null;
      }
      if (http == null) {
        throw fail("http", "is required (TwilioConfig.DEFAULT_HTTP holds the defaults)");
      }
      wholeSeconds("smsValidityPeriod", smsValidityPeriod, 1, 36_000);
      if (voiceName != null && !VOICE_NAME.matcher(voiceName).matches()) {
        throw fail("voiceName", "must be a Twilio voice name such as 'Polly.Aditi' (letters, digits, '.', '_', '-'; was '" + voiceName + "')");
      }
      if (voiceLanguage != null && !LANGUAGE.matcher(voiceLanguage).matches()) {
        throw fail("voiceLanguage", "must be a language tag such as 'en-IN' (was '" + voiceLanguage + "')");
      }
      if (voiceRepeat < 1 || voiceRepeat > 10) {
        throw fail("voiceRepeat", "must be between 1 and 10 (was " + voiceRepeat + ")");
      }
      wholeSeconds("ringTimeout", ringTimeout, 1, 600);
      return new TwilioConfig(this);
    }

    private void e164(String field, String value) {
      if (!E164.matcher(value).matches()) {
        throw fail(field, "must be an E.164 number such as +14155550100 (was '" + value + "')");
      }
    }

    private URI url(String field, String value) {
      URI uri;
      try {
        uri = new URI(value.strip());
      } catch (URISyntaxException e) {
        throw fail(field, "must be an absolute http(s) URL (was '" + Redaction.url(value) + "': " + Redaction.oneLine(e.getReason())
            + ")");
      }
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http")) || uri.getHost() == null) {
        throw fail(field, "must be an absolute http(s) URL with a host (was '" + Redaction.url(value) + "')");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        throw fail(field, "must not have a query, fragment or user info (was '" + Redaction.url(value) + "')");
      }
      String s = uri.toString();
      while (s.endsWith("/")) {
        s = s.substring(0, s.length() - 1);
      }
      return URI.create(s);
    }

    private void wholeSeconds(String field, Duration d, long min, long max) {
      if (d == null) {
        throw fail(field, "is required");
      }
      if (d.toNanos() % 1_000_000_000L != 0 || d.getSeconds() < min || d.getSeconds() > max) {
        throw fail(field, "must be a whole number of seconds between " + min + " and " + max + " (was " + d + ")");
      }
    }

    private ValidationException fail(String field, String rule) {
      String source = sources.get(field);
      return new ValidationException(field, source == null ? rule : rule + " (from environment variable " + source + ")");
    }
  }
}
