package dev.alertkit.sendgrid;

import dev.alertkit.HttpSettings;
import dev.alertkit.ValidationException;
import dev.alertkit.sendgrid.internal.Validation;
import dev.alertkit.spi.support.Checks;
import dev.alertkit.spi.support.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How to reach one SendGrid account: API key, sender, categories, timeouts and connection pool. Immutable and
 * validated when built; the API key never appears in {@link #toString()}, logs or exception messages.
 *
 * <pre>{@code
 * SendGridConfig config = SendGridConfig.builder()
 *     .apiKey(System.getenv("SENDGRID_API_KEY"))
 *     .from("alerts@example.com", "Example Alerts")
 *     .categories("alertkit", "ops")
 *     .http(SendGridConfig.DEFAULT_HTTP.toBuilder().readTimeout(Duration.ofSeconds(10)).build())
 *     .build();
 * SendGridConfig fromEnvironment = SendGridConfig.fromEnv();
 * }</pre>
 *
 * <p>Environment variables read by {@link #fromEnv()}: {@value #ENV_API_KEY} (required),
 * {@value #ENV_FROM_EMAIL} (required), {@value #ENV_FROM_NAME}, {@value #ENV_REPLY_TO},
 * {@value #ENV_DATA_RESIDENCY} ({@code global} or {@code eu}) and {@value #ENV_SANDBOX} ({@code true/false},
 * {@code 1/0}, {@code yes/no}). Blank values count as unset.
 */
public final class SendGridConfig {
  private static final Logger LOG = LoggerFactory.getLogger(SendGridConfig.class);
  /** Environment variable holding the API key (required by {@link #fromEnv()}). */
  public static final String ENV_API_KEY = "SENDGRID_API_KEY";
  /** Environment variable holding the sender address (required by {@link #fromEnv()}). */
  public static final String ENV_FROM_EMAIL = "SENDGRID_FROM_EMAIL";
  /** Environment variable holding the sender display name. */
  public static final String ENV_FROM_NAME = "SENDGRID_FROM_NAME";
  /** Environment variable holding the reply-to address. */
  public static final String ENV_REPLY_TO = "SENDGRID_REPLY_TO";
  /** Environment variable holding the data residency: {@code global} or {@code eu}. */
  public static final String ENV_DATA_RESIDENCY = "SENDGRID_DATA_RESIDENCY";
  /** Environment variable switching sandbox mode on: {@code true}, {@code 1} or {@code yes}. */
  public static final String ENV_SANDBOX = "SENDGRID_SANDBOX";

  /** Most categories SendGrid accepts on one mail. */
  public static final int MAX_CATEGORIES = 10;
  /** Longest category SendGrid accepts. */
  public static final int MAX_CATEGORY_LENGTH = 255;
  /**
   * Default connect timeout: 5 seconds.
   *
   * @deprecated read {@code DEFAULT_HTTP.connectTimeout()} ({@link #DEFAULT_HTTP})
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /**
   * Default read timeout: 15 seconds.
   *
   * @deprecated read {@code DEFAULT_HTTP.readTimeout()} ({@link #DEFAULT_HTTP})
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);
  /**
   * Default wait for a free pooled connection: 5 seconds.
   *
   * @deprecated read {@code DEFAULT_HTTP.poolLeaseTimeout()} ({@link #DEFAULT_HTTP})
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static final Duration DEFAULT_POOL_LEASE_TIMEOUT = Duration.ofSeconds(5);
  /**
   * Default number of pooled connections: 20.
   *
   * @deprecated read {@code DEFAULT_HTTP.poolSize()} ({@link #DEFAULT_HTTP})
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static final int DEFAULT_POOL_SIZE = 20;
  /**
   * Largest pool size accepted.
   *
   * @deprecated use {@link HttpSettings#MAX_POOL_SIZE}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static final int MAX_POOL_SIZE = HttpSettings.MAX_POOL_SIZE;
  /**
   * SendGrid's HTTP defaults: connect 5 s, read 15 s (longest wait for the next bytes of an answer), 20 pooled
   * connections (the SDK's own default is 2), 5 s wait for a free one. Start from {@code DEFAULT_HTTP.toBuilder()} to
   * change one value.
   */
  public static final HttpSettings DEFAULT_HTTP = HttpSettings.builder()
      .connectTimeout(Duration.ofSeconds(5))
      .readTimeout(Duration.ofSeconds(15))
      .poolSize(20)
      .poolLeaseTimeout(Duration.ofSeconds(5))
      .build();

  private static final int MAX_API_KEY_LENGTH = 512;

  /** Where SendGrid stores and processes the mail data. */
  public enum DataResidency {
    /** {@code api.sendgrid.com} (the default). */
    GLOBAL("api.sendgrid.com"),
    /** {@code api.eu.sendgrid.com}: needs an EU-pinned subuser and its own API key. */
    EU("api.eu.sendgrid.com");

    private final String host;

    DataResidency(String host) {
      this.host = host;
    }

    /**
     * The API host of this region.
     *
     * @return e.g. {@code api.eu.sendgrid.com}
     */
    public String host() {
      return host;
    }
  }

  private final String apiKey;
  private final String fromEmail;
  private final String fromName;
  private final String replyTo;
  private final DataResidency dataResidency;
  private final boolean sandbox;
  private final List<String> categories;
  private final Integer asmGroupId;
  private final HttpSettings http;
  private final URI baseUrl;
  private final boolean allowInsecureHttp;
  private final Clock clock;

  private SendGridConfig(Builder b) {
    this.apiKey = b.apiKey;
    this.fromEmail = b.fromEmail;
    this.fromName = b.fromName;
    this.replyTo = b.replyTo;
    this.dataResidency = b.dataResidency;
    this.sandbox = b.sandbox;
    this.categories = List.copyOf(b.categories);
    this.asmGroupId = b.asmGroupId;
    this.http = b.http;
    this.baseUrl = b.baseUrl;
    this.allowInsecureHttp = b.allowInsecureHttp;
    this.clock = b.clock;
  }

  /**
   * Starts a configuration.
   *
   * @return a builder; {@link Builder#apiKey} and {@link Builder#from(String)} are required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the configuration from the process environment (see the class description for the variables).
   *
   * @return the configuration
   * @throws ValidationException naming the environment variable, when a required one is missing or a value is
   *     invalid
   */
  public static SendGridConfig fromEnv() {
    return fromEnv(System.getenv());
  }

  /**
   * Reads the configuration from a map shaped like the environment (tests, or a secrets store's export).
   *
   * @param env variables by name
   * @return the configuration
   * @throws ValidationException naming the variable, when a required one is missing or a value is invalid
   */
  public static SendGridConfig fromEnv(Map<String, String> env) {
    return builderFromEnv(env).build();
  }

  /**
   * Reads what the environment map holds into a builder, so that timeouts, categories and the rest can be added
   * before {@link Builder#build()}.
   *
   * @param env variables by name
   * @return a pre-filled builder
   * @throws ValidationException naming the variable, when a value present is invalid
   */
  public static Builder builderFromEnv(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    Builder b = new Builder();
    String key = value(env, ENV_API_KEY);
    if (key == null) {
      throw new ValidationException(ENV_API_KEY, "is required (environment variable not set or blank)");
    }
    b.apiKey(key, ENV_API_KEY);
    String from = value(env, ENV_FROM_EMAIL);
    if (from == null) {
      throw new ValidationException(ENV_FROM_EMAIL, "is required (environment variable not set or blank)");
    }
    b.fromEmail = Validation.email(ENV_FROM_EMAIL, from);
    String name = value(env, ENV_FROM_NAME);
    if (name != null) {
      b.fromName = Validation.singleLine(ENV_FROM_NAME, name, 256);
    }
    String replyTo = value(env, ENV_REPLY_TO);
    if (replyTo != null) {
      b.replyTo = Validation.email(ENV_REPLY_TO, replyTo);
    }
    String residency = value(env, ENV_DATA_RESIDENCY);
    if (residency != null) {
      switch (residency.strip().toLowerCase(Locale.ROOT)) {
        case "global":
          b.dataResidency(DataResidency.GLOBAL);
          break;
        case "eu":
          b.dataResidency(DataResidency.EU);
          break;
        default:
          throw new ValidationException(ENV_DATA_RESIDENCY, "must be 'global' or 'eu' (was '" + residency + "')");
      }
    }
    String sandbox = value(env, ENV_SANDBOX);
    if (sandbox != null) {
      switch (sandbox.strip().toLowerCase(Locale.ROOT)) {
        case "true":
        case "1":
        case "yes":
          b.sandbox(true);
          break;
        case "false":
        case "0":
        case "no":
          b.sandbox(false);
          break;
        default:
          throw new ValidationException(ENV_SANDBOX, "must be true/false, 1/0 or yes/no (was '" + sandbox + "')");
      }
    }
    return b;
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v;
  }

  /**
   * A builder holding this configuration's values, to derive a variant.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.apiKey = apiKey;
    b.fromEmail = fromEmail;
    b.fromName = fromName;
    b.replyTo = replyTo;
    b.dataResidency = dataResidency;
    b.sandbox = sandbox;
    b.categories.addAll(categories);
    b.asmGroupId = asmGroupId;
    b.http = http;
    b.baseUrl = baseUrl;
    b.allowInsecureHttp = allowInsecureHttp;
    b.clock = clock;
    return b;
  }

  /**
   * The API key. Handle with care: never log it.
   *
   * @return the key
   */
  public String apiKey() {
    return apiKey;
  }

  /** @return the sender address */
  public String fromEmail() {
    return fromEmail;
  }

  /** @return the sender's display name, if set */
  public Optional<String> fromName() {
    return Optional.ofNullable(fromName);
  }

  /** @return the reply-to address, if set */
  public Optional<String> replyTo() {
    return Optional.ofNullable(replyTo);
  }

  /** @return the data residency region (ignored when a base URL is set) */
  public DataResidency dataResidency() {
    return dataResidency;
  }

  /** @return whether mails are sent in sandbox mode (validated by SendGrid, answered 200, never delivered) */
  public boolean sandbox() {
    return sandbox;
  }

  /** @return the categories put on every mail (at most {@value #MAX_CATEGORIES}) */
  public List<String> categories() {
    return categories;
  }

  /** @return the unsubscribe group (ASM) id, if set */
  public OptionalInt asmGroupId() {
    return asmGroupId == null ? OptionalInt.empty() : OptionalInt.of(asmGroupId);
  }

  /** @return timeouts and connection pool of the HTTP client that talks to SendGrid */
  public HttpSettings http() {
    return http;
  }

  /**
   * How long to wait for a TCP connection.
   *
   * @return {@code http().connectTimeout()}
   * @deprecated use {@code http().connectTimeout()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public Duration connectTimeout() {
    return http.connectTimeout();
  }

  /**
   * How long to wait for the next bytes of an answer.
   *
   * @return {@code http().readTimeout()}
   * @deprecated use {@code http().readTimeout()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public Duration readTimeout() {
    return http.readTimeout();
  }

  /**
   * How long to wait for a free pooled connection.
   *
   * @return {@code http().poolLeaseTimeout()}
   * @deprecated use {@code http().poolLeaseTimeout()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public Duration poolLeaseTimeout() {
    return http.poolLeaseTimeout();
  }

  /**
   * The number of pooled connections.
   *
   * @return {@code http().poolSize()}
   * @deprecated use {@code http().poolSize()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public int poolSize() {
    return http.poolSize();
  }

  /** @return the base URL override (e.g. the testkit's emulator), if set */
  public Optional<URI> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /** @return the clock against which {@code X-RateLimit-Reset} is turned into a retry-after */
  public Clock clock() {
    return clock;
  }

  /** @return the API host the provider talks to, with port when the base URL has one */
  String hostAndPort() {
    if (baseUrl == null) {
      return dataResidency.host();
    }
    return baseUrl.getPort() < 0 ? baseUrl.getHost() : baseUrl.getHost() + ":" + baseUrl.getPort();
  }

  /** @return whether a plain {@code http://} {@link #baseUrl()} to a host other than loopback was explicitly allowed */
  public boolean allowInsecureHttp() {
    return allowInsecureHttp;
  }

  /** @return whether the provider uses plain http (only with an {@code http://} base URL) */
  boolean plainHttp() {
    return baseUrl != null && "http".equals(baseUrl.getScheme());
  }

  /** @return a description with the API key masked */
  @Override
  public String toString() {
    return "SendGridConfig{apiKey=****, from=" + fromEmail + (fromName == null ? "" : " (" + fromName + ")")
        + (replyTo == null ? "" : ", replyTo=" + replyTo)
        + ", host=" + hostAndPort() + (plainHttp() ? " (http)" : "")
        + ", sandbox=" + sandbox + ", categories=" + categories
        + (asmGroupId == null ? "" : ", asmGroupId=" + asmGroupId)
        + ", http=" + http + "}";
  }

  /** Builds a {@link SendGridConfig}; validates each value as it is set and the whole in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private String apiKey;
    private String fromEmail;
    private String fromName;
    private String replyTo;
    private DataResidency dataResidency = DataResidency.GLOBAL;
    private boolean sandbox;
    private final List<String> categories = new ArrayList<>();
    private Integer asmGroupId;
    private HttpSettings http = DEFAULT_HTTP;
    private URI baseUrl;
    private boolean allowInsecureHttp;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the API key (required). It needs the "Mail Send" permission.
     *
     * @param apiKey the key, e.g. {@code SG.xxxx}
     * @return this builder
     * @throws ValidationException when the key is missing, blank, contains whitespace or control characters, or is
     *     longer than 512 characters (the message never contains the key)
     */
    public Builder apiKey(String apiKey) {
      return apiKey(apiKey, "apiKey");
    }

    private Builder apiKey(String apiKey, String field) {
      Validation.singleLine(field, apiKey, MAX_API_KEY_LENGTH);
      for (int i = 0; i < apiKey.length(); i++) {
        if (Character.isWhitespace(apiKey.charAt(i))) {
          throw new ValidationException(field, "must not contain whitespace (found some at index " + i + ")");
        }
      }
      this.apiKey = apiKey;
      return this;
    }

    /**
     * Sets the sender address (required); it must be a verified sender identity or on an authenticated domain.
     *
     * @param email the address
     * @return this builder
     * @throws ValidationException when the address is not valid
     */
    public Builder from(String email) {
      this.fromEmail = Validation.email("fromEmail", email);
      return this;
    }

    /**
     * Sets the sender address and display name.
     *
     * @param email the address
     * @param name the display name, e.g. {@code "Example Alerts"}
     * @return this builder
     * @throws ValidationException when the address is not valid or the name is blank, multi-line or longer than
     *     256 characters
     */
    public Builder from(String email, String name) {
      from(email);
      this.fromName = Validation.singleLine("fromName", name, 256);
      return this;
    }

    /**
     * Sets the reply-to address.
     *
     * @param email the address
     * @return this builder
     * @throws ValidationException when the address is not valid
     */
    public Builder replyTo(String email) {
      this.replyTo = Validation.email("replyTo", email);
      return this;
    }

    /**
     * Chooses the data residency region (default {@link DataResidency#GLOBAL}).
     *
     * @param residency the region
     * @return this builder
     * @throws ValidationException when residency is null
     */
    public Builder dataResidency(DataResidency residency) {
      this.dataResidency = Validation.required("dataResidency", residency);
      return this;
    }

    /**
     * Switches sandbox mode: SendGrid validates each mail and answers 200 but delivers nothing and sends no
     * events. Results are accepted with status {@code "sandbox"}.
     *
     * @param sandbox true for sandbox mode
     * @return this builder
     */
    public Builder sandbox(boolean sandbox) {
      this.sandbox = sandbox;
      return this;
    }

    /**
     * Replaces the categories put on every mail (SendGrid reports and event webhooks carry them).
     *
     * @param categories at most {@value #MAX_CATEGORIES}, each a non-blank single line of at most
     *     {@value #MAX_CATEGORY_LENGTH} characters, without duplicates
     * @return this builder
     * @throws ValidationException naming the rule when there are too many, one is too long, blank or repeated
     */
    public Builder categories(String... categories) {
      Validation.required("categories", categories);
      return categories(List.of(categories));
    }

    /**
     * Replaces the categories put on every mail.
     *
     * @param categories see {@link #categories(String...)}
     * @return this builder
     * @throws ValidationException naming the rule when there are too many, one is too long, blank or repeated
     */
    public Builder categories(List<String> categories) {
      Validation.required("categories", categories);
      if (categories.size() > MAX_CATEGORIES) {
        throw new ValidationException("categories", "at most " + MAX_CATEGORIES + " categories are allowed by SendGrid (was " + categories.size() + ")");
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < categories.size(); i++) {
        String c = Validation.singleLine("categories[" + i + "]", categories.get(i), MAX_CATEGORY_LENGTH);
        if (!seen.add(c)) {
          throw new ValidationException("categories[" + i + "]", "'" + c + "' is listed twice");
        }
      }
      this.categories.clear();
      this.categories.addAll(categories);
      return this;
    }

    /**
     * Sets the unsubscribe group (ASM group) every mail belongs to.
     *
     * @param groupId a positive group id
     * @return this builder
     * @throws ValidationException when not positive
     */
    public Builder asmGroupId(int groupId) {
      if (groupId <= 0) {
        throw new ValidationException("asmGroupId", "must be positive (was " + groupId + ")");
      }
      this.asmGroupId = groupId;
      return this;
    }

    /**
     * Sets the timeouts and connection pool of the HTTP client that talks to SendGrid (default
     * {@link SendGridConfig#DEFAULT_HTTP}: connect 5 s, read 15 s, 20 connections, 5 s pool lease timeout). Replaces
     * every HTTP value: start from {@code SendGridConfig.DEFAULT_HTTP.toBuilder()} to change one. Size the pool for
     * bursts: at least the number of threads that may send email at the same time (one request carries up to 1,000
     * recipients, so an alert to 2,500 people needs 3 requests). A read timeout is ambiguous: SendGrid may have taken
     * the mail.
     *
     * @param http the settings
     * @return this builder
     * @throws ValidationException when http is null
     */
    public Builder http(HttpSettings http) {
      this.http = Validation.required("http", http);
      return this;
    }

    /**
     * Sets the connect timeout.
     *
     * @param timeout 1 ms to 10 minutes
     * @return this builder
     * @throws ValidationException when outside that range
     * @deprecated use {@link #http(HttpSettings)} with {@code HttpSettings.Builder#connectTimeout}
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public Builder connectTimeout(Duration timeout) {
      this.http = http.toBuilder().connectTimeout(timeout).build();
      return this;
    }

    /**
     * Sets the read timeout.
     *
     * @param timeout 1 ms to 10 minutes
     * @return this builder
     * @throws ValidationException when outside that range
     * @deprecated use {@link #http(HttpSettings)} with {@code HttpSettings.Builder#readTimeout}
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public Builder readTimeout(Duration timeout) {
      this.http = http.toBuilder().readTimeout(timeout).build();
      return this;
    }

    /**
     * Sets how long a send waits for a free pooled connection.
     *
     * @param timeout 1 ms to 10 minutes
     * @return this builder
     * @throws ValidationException when outside that range
     * @deprecated use {@link #http(HttpSettings)} with {@code HttpSettings.Builder#poolLeaseTimeout}
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public Builder poolLeaseTimeout(Duration timeout) {
      this.http = http.toBuilder().poolLeaseTimeout(timeout).build();
      return this;
    }

    /**
     * Sets the number of pooled connections.
     *
     * @param size 1 to 1000
     * @return this builder
     * @throws ValidationException when outside that range
     * @deprecated use {@link #http(HttpSettings)} with {@code HttpSettings.Builder#poolSize}
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public Builder poolSize(int size) {
      this.http = http.toBuilder().poolSize(size).build();
      return this;
    }

    /**
     * Sends to another base URL instead of SendGrid, e.g. the testkit's {@code SendGridEmulator} at
     * {@code http://127.0.0.1:PORT}. Overrides the data residency host.
     *
     * @param baseUrl {@code http://} or {@code https://} with a host and optional port, without path, query or
     *     user info
     * @return this builder
     * @throws ValidationException when the URL is not of that shape
     */
    public Builder baseUrl(String baseUrl) {
      Validation.singleLine("baseUrl", baseUrl, 2048);
      URI uri;
      try {
        uri = new URI(baseUrl.strip());
      } catch (URISyntaxException e) {
        throw new ValidationException("baseUrl", "'" + Redaction.url(baseUrl) + "' is not a valid URI: " + Redaction.oneLine(e.getReason()));
      }
      String scheme = uri.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new ValidationException("baseUrl", "must start with http:// or https:// (was '" + Redaction.url(baseUrl) + "')");
      }
      if (uri.getHost() == null) {
        throw new ValidationException("baseUrl", "must name a host (was '" + Redaction.url(baseUrl) + "')");
      }
      if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
          || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath()))) {
        throw new ValidationException("baseUrl", "must be scheme, host and port only, without user info, path or query (was '"
            + Redaction.url(baseUrl) + "')");
      }
      this.baseUrl = uri;
      return this;
    }

    /**
     * Allows a plain {@code http://} {@link #baseUrl(String)} to a host other than loopback (default false). Every
     * request carries the API key in its {@code Authorization} header, so over plain HTTP anyone on the path can read
     * it: allow it only towards a trusted egress proxy on a private network. {@link #build()} logs a WARN line when it
     * is used. Loopback hosts ({@code 127.0.0.1}, {@code localhost}, {@code ::1}), such as the testkit's emulator, need
     * no opt-in.
     *
     * @param allow true to allow plain HTTP to any host
     * @return this builder
     */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /**
     * Sets the clock used to turn {@code X-RateLimit-Reset} into a retry-after (default the system UTC clock).
     *
     * @param clock the clock
     * @return this builder
     * @throws ValidationException when clock is null
     */
    public Builder clock(Clock clock) {
      this.clock = Validation.required("clock", clock);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the configuration
     * @throws ValidationException when the API key or the sender is missing, or the base URL is plain {@code http://}
     *     to a host other than loopback without {@link #allowInsecureHttp(boolean)}
     */
    public SendGridConfig build() {
      Validation.required("apiKey", apiKey);
      Validation.required("fromEmail", fromEmail);
      if (baseUrl != null && "http".equals(baseUrl.getScheme()) && !Checks.isLoopbackHost(baseUrl.getHost())) {
        if (!allowInsecureHttp) {
          throw new ValidationException("baseUrl", "must use https: plain http to " + baseUrl.getHost() + " would send the"
              + " API key in clear text (http is accepted for loopback hosts only; allowInsecureHttp(true) overrides)");
        }
        LOG.warn("SendGridConfig.baseUrl {} uses plain http to a host that is not loopback (allowInsecureHttp): every request"
            + " sends the API key in clear text", Redaction.url(baseUrl.toString()));
      }
      return new SendGridConfig(this);
    }

    /** @return a description with the API key masked */
    @Override
    public String toString() {
      return "SendGridConfig.Builder{apiKey=" + (apiKey == null ? "unset" : "****") + ", from=" + fromEmail + "}";
    }
  }
}
