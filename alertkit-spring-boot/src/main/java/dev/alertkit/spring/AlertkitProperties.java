package dev.alertkit.spring;

import dev.alertkit.Channel;
import dev.alertkit.QuietHoursPolicy;
import dev.alertkit.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * alertkit's configuration under {@code alertkit.*}. Every value maps onto a builder method of alertkit's own
 * configuration objects, which validate it; an invalid value fails startup with alertkit's message and the property
 * path. Secrets ({@code auth-token}, {@code api-secret}, {@code api-key}, webhook keys) are never logged or shown in
 * the health details.
 */
@ConfigurationProperties(prefix = "alertkit")
public class AlertkitProperties {

  /** Whether the auto-configuration creates alertkit's beans at all. */
  private boolean enabled = true;

  /**
   * A price table (CSV {@code channel,country,price,currency}, or JSON when the name ends in .json): every attempt
   * then carries its estimated cost and the report its total.
   */
  private org.springframework.core.io.Resource prices;

  private final Twilio twilio = new Twilio();
  private final SendGrid sendgrid = new SendGrid();
  private final Client client = new Client();
  private final Resilience resilience = new Resilience();
  private final Dedup dedup = new Dedup();
  private final Routing routing = new Routing();
  private final Dlt dlt = new Dlt();
  private final Webhooks webhooks = new Webhooks();
  private final Testing testing = new Testing();
  private final Jdbc jdbc = new Jdbc();
  private final AckLinks ackLinks = new AckLinks();

  /** @return whether alertkit's beans are created */
  public boolean isEnabled() {
    return enabled;
  }

  /** @param enabled whether alertkit's beans are created */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** @return the price table resource */
  public org.springframework.core.io.Resource getPrices() {
    return prices;
  }

  /** @param prices the price table resource */
  public void setPrices(org.springframework.core.io.Resource prices) {
    this.prices = prices;
  }

  /** @return Twilio settings */
  public Twilio getTwilio() {
    return twilio;
  }

  /** @return SendGrid settings */
  public SendGrid getSendgrid() {
    return sendgrid;
  }

  /** @return client settings */
  public Client getClient() {
    return client;
  }

  /** @return retry and protection settings */
  public Resilience getResilience() {
    return resilience;
  }

  /** @return dedup settings */
  public Dedup getDedup() {
    return dedup;
  }

  /** @return routing rules */
  public Routing getRouting() {
    return routing;
  }

  /** @return India DLT settings */
  public Dlt getDlt() {
    return dlt;
  }

  /** @return webhook endpoint settings */
  public Webhooks getWebhooks() {
    return webhooks;
  }

  /** @return test support settings */
  public Testing getTesting() {
    return testing;
  }

  /** @return signed acknowledgement link settings */
  public AckLinks getAckLinks() {
    return ackLinks;
  }

  /**
   * Signed acknowledgement links in escalation e-mails (and SMS to India); on when a signing key is set. The pages
   * (GET confirms, only POST acknowledges) are mounted at {@code path} in a servlet web application.
   */
  public static class AckLinks {
    /** HMAC key, base64, at least 32 bytes decoded (secret). */
    private String signingKey;
    /** Public base URL of the pages (default: alertkit.webhooks.public-base-url). */
    private String baseUrl;
    /** Path of the pages. */
    private String path = dev.alertkit.incident.AckLinks.DEFAULT_PATH;
    /** How long a link stays valid. */
    private Duration ttl = Duration.ofHours(24);

    /** @return the signing key */
    public String getSigningKey() {
      return signingKey;
    }

    /** @param signingKey the signing key */
    public void setSigningKey(String signingKey) {
      this.signingKey = signingKey;
    }

    /** @return the base URL */
    public String getBaseUrl() {
      return baseUrl;
    }

    /** @param baseUrl the base URL */
    public void setBaseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    /** @return the path */
    public String getPath() {
      return path;
    }

    /** @param path the path */
    public void setPath(String path) {
      this.path = path;
    }

    /** @return how long a link stays valid */
    public Duration getTtl() {
      return ttl;
    }

    /** @param ttl how long a link stays valid */
    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    @Override
    public String toString() {
      return "AckLinks{baseUrl=" + baseUrl + ", path=" + path + ", signingKey=<hidden>}";
    }
  }

  /** @return PostgreSQL settings (alert-jdbc) */
  public Jdbc getJdbc() {
    return jdbc;
  }

  /** Shared state on the application's PostgreSQL (needs alert-jdbc and a DataSource). */
  public static class Jdbc {
    /** Whether the JDBC stores are used when a DataSource is present. */
    private boolean enabled = true;
    /** Run alertkit's migrations at startup (otherwise run db/migration/alertkit with Flyway, or call migrate). */
    private boolean migrate;
    /** Schema of alertkit's tables (default: the connection's current schema). */
    private String schema;
    /** Prefix of alertkit's tables (default alertkit_). */
    private String tablePrefix;

    /** @return whether the JDBC stores are used */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether the JDBC stores are used */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return whether migrations run at startup */
    public boolean isMigrate() {
      return migrate;
    }

    /** @param migrate whether migrations run at startup */
    public void setMigrate(boolean migrate) {
      this.migrate = migrate;
    }

    /** @return the schema */
    public String getSchema() {
      return schema;
    }

    /** @param schema the schema */
    public void setSchema(String schema) {
      this.schema = schema;
    }

    /** @return the table prefix */
    public String getTablePrefix() {
      return tablePrefix;
    }

    /** @param tablePrefix the table prefix */
    public void setTablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }
  }

  /**
   * Twilio account and senders. Unset values fall back to the environment variables alertkit already reads
   * ({@code TWILIO_ACCOUNT_SID}, {@code TWILIO_AUTH_TOKEN}, {@code TWILIO_API_KEY}, {@code TWILIO_API_SECRET},
   * {@code TWILIO_SMS_FROM}, {@code TWILIO_VOICE_FROM}, {@code TWILIO_WHATSAPP_FROM},
   * {@code TWILIO_MESSAGING_SERVICE_SID}, {@code TWILIO_STATUS_CALLBACK_BASE_URL}). Twilio is configured when an
   * account SID is known.
   */
  public static class Twilio {
    /** Whether Twilio providers are created when credentials are known. */
    private boolean enabled = true;
    /** Account SID (AC...). */
    private String accountSid;
    /** Auth token (secret). Used for requests unless an API key is set, and always to verify Twilio's webhooks. */
    private String authToken;
    /** API key SID (SK...), with api-secret. */
    private String apiKey;
    /** API key secret (secret). */
    private String apiSecret;
    /** Messaging Service SID (MG...), instead of sms-from. */
    private String messagingServiceSid;
    /** Sender of SMS (E.164 number or alphanumeric sender ID). */
    private String smsFrom;
    /** Caller ID of voice calls (E.164). */
    private String voiceFrom;
    /** Caller ID of voice calls to India (a non-Indian number). */
    private String voiceFromForIndia;
    /** WhatsApp sender (E.164, without the whatsapp: prefix). */
    private String whatsappFrom;
    /** API base URL; only for emulators and tests (default https://api.twilio.com). */
    private String baseUrl;
    /** Connect timeout. */
    private Duration connectTimeout;
    /** Read timeout of one request. */
    private Duration readTimeout;
    /** Connections in the pool. */
    private Integer poolSize;
    /** Longest wait for a free pooled connection. */
    private Duration poolLeaseTimeout;
    /** Whether voice calls ask the person to press 1 to acknowledge. */
    private boolean askToAcknowledge;

    /** @return whether Twilio providers are created */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether Twilio providers are created */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return the account SID */
    public String getAccountSid() {
      return accountSid;
    }

    /** @param accountSid the account SID */
    public void setAccountSid(String accountSid) {
      this.accountSid = accountSid;
    }

    /** @return the auth token */
    public String getAuthToken() {
      return authToken;
    }

    /** @param authToken the auth token */
    public void setAuthToken(String authToken) {
      this.authToken = authToken;
    }

    /** @return the API key SID */
    public String getApiKey() {
      return apiKey;
    }

    /** @param apiKey the API key SID */
    public void setApiKey(String apiKey) {
      this.apiKey = apiKey;
    }

    /** @return the API key secret */
    public String getApiSecret() {
      return apiSecret;
    }

    /** @param apiSecret the API key secret */
    public void setApiSecret(String apiSecret) {
      this.apiSecret = apiSecret;
    }

    /** @return the messaging service SID */
    public String getMessagingServiceSid() {
      return messagingServiceSid;
    }

    /** @param messagingServiceSid the messaging service SID */
    public void setMessagingServiceSid(String messagingServiceSid) {
      this.messagingServiceSid = messagingServiceSid;
    }

    /** @return the SMS sender */
    public String getSmsFrom() {
      return smsFrom;
    }

    /** @param smsFrom the SMS sender */
    public void setSmsFrom(String smsFrom) {
      this.smsFrom = smsFrom;
    }

    /** @return the voice caller ID */
    public String getVoiceFrom() {
      return voiceFrom;
    }

    /** @param voiceFrom the voice caller ID */
    public void setVoiceFrom(String voiceFrom) {
      this.voiceFrom = voiceFrom;
    }

    /** @return the voice caller ID for India */
    public String getVoiceFromForIndia() {
      return voiceFromForIndia;
    }

    /** @param voiceFromForIndia the voice caller ID for India */
    public void setVoiceFromForIndia(String voiceFromForIndia) {
      this.voiceFromForIndia = voiceFromForIndia;
    }

    /** @return the WhatsApp sender */
    public String getWhatsappFrom() {
      return whatsappFrom;
    }

    /** @param whatsappFrom the WhatsApp sender */
    public void setWhatsappFrom(String whatsappFrom) {
      this.whatsappFrom = whatsappFrom;
    }

    /** @return the API base URL */
    public String getBaseUrl() {
      return baseUrl;
    }

    /** @param baseUrl the API base URL */
    public void setBaseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    /** @return the connect timeout */
    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    /** @param connectTimeout the connect timeout */
    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    /** @return the read timeout */
    public Duration getReadTimeout() {
      return readTimeout;
    }

    /** @param readTimeout the read timeout */
    public void setReadTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
    }

    /** @return the pool size */
    public Integer getPoolSize() {
      return poolSize;
    }

    /** @param poolSize the pool size */
    public void setPoolSize(Integer poolSize) {
      this.poolSize = poolSize;
    }

    /** @return the longest wait for a free pooled connection */
    public Duration getPoolLeaseTimeout() {
      return poolLeaseTimeout;
    }

    /** @param poolLeaseTimeout the longest wait for a free pooled connection */
    public void setPoolLeaseTimeout(Duration poolLeaseTimeout) {
      this.poolLeaseTimeout = poolLeaseTimeout;
    }

    /** @return whether calls ask to press 1 */
    public boolean isAskToAcknowledge() {
      return askToAcknowledge;
    }

    /** @param askToAcknowledge whether calls ask to press 1 */
    public void setAskToAcknowledge(boolean askToAcknowledge) {
      this.askToAcknowledge = askToAcknowledge;
    }

    @Override
    public String toString() {
      return "Twilio{accountSid=" + accountSid + ", credentials=<hidden>}";
    }
  }

  /**
   * SendGrid account and sender. Unset values fall back to {@code SENDGRID_API_KEY}, {@code SENDGRID_FROM_EMAIL},
   * {@code SENDGRID_FROM_NAME}, and then to Spring Boot's own {@code spring.sendgrid.api-key}. SendGrid is
   * configured when an API key is known.
   */
  public static class SendGrid {
    /** Whether the SendGrid provider is created when an API key is known. */
    private boolean enabled = true;
    /** API key (secret). */
    private String apiKey;
    /** Sender address. */
    private String from;
    /** Sender display name. */
    private String fromName;
    /** API base URL; only for emulators and tests. */
    private String baseUrl;
    /** Event webhook verification key (base64 X.509 public key); the event endpoint is mounted when set. */
    private String webhookVerificationKey;
    /** Connect timeout. */
    private Duration connectTimeout;
    /** Read timeout of one request. */
    private Duration readTimeout;
    /** Connections in the pool. */
    private Integer poolSize;
    /** Longest wait for a free pooled connection. */
    private Duration poolLeaseTimeout;
    /** Sandbox mode: SendGrid validates and accepts but sends nothing. */
    private boolean sandbox;

    /** @return whether the SendGrid provider is created */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether the SendGrid provider is created */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return the API key */
    public String getApiKey() {
      return apiKey;
    }

    /** @param apiKey the API key */
    public void setApiKey(String apiKey) {
      this.apiKey = apiKey;
    }

    /** @return the sender address */
    public String getFrom() {
      return from;
    }

    /** @param from the sender address */
    public void setFrom(String from) {
      this.from = from;
    }

    /** @return the sender name */
    public String getFromName() {
      return fromName;
    }

    /** @param fromName the sender name */
    public void setFromName(String fromName) {
      this.fromName = fromName;
    }

    /** @return the API base URL */
    public String getBaseUrl() {
      return baseUrl;
    }

    /** @param baseUrl the API base URL */
    public void setBaseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    /** @return the event webhook verification key */
    public String getWebhookVerificationKey() {
      return webhookVerificationKey;
    }

    /** @param webhookVerificationKey the event webhook verification key */
    public void setWebhookVerificationKey(String webhookVerificationKey) {
      this.webhookVerificationKey = webhookVerificationKey;
    }

    /** @return the connect timeout */
    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    /** @param connectTimeout the connect timeout */
    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    /** @return the read timeout */
    public Duration getReadTimeout() {
      return readTimeout;
    }

    /** @param readTimeout the read timeout */
    public void setReadTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
    }

    /** @return the pool size */
    public Integer getPoolSize() {
      return poolSize;
    }

    /** @param poolSize the pool size */
    public void setPoolSize(Integer poolSize) {
      this.poolSize = poolSize;
    }

    /** @return the longest wait for a free pooled connection */
    public Duration getPoolLeaseTimeout() {
      return poolLeaseTimeout;
    }

    /** @param poolLeaseTimeout the longest wait for a free pooled connection */
    public void setPoolLeaseTimeout(Duration poolLeaseTimeout) {
      this.poolLeaseTimeout = poolLeaseTimeout;
    }

    /** @return whether sandbox mode is on */
    public boolean isSandbox() {
      return sandbox;
    }

    /** @param sandbox whether sandbox mode is on */
    public void setSandbox(boolean sandbox) {
      this.sandbox = sandbox;
    }

    @Override
    public String toString() {
      return "SendGrid{from=" + from + ", apiKey=<hidden>}";
    }
  }

  /** The client's limits. */
  public static class Client {
    /** Sends in flight at once. */
    private Integer maxConcurrentSends;
    /** Alerts accepted and not yet finished. */
    private Integer maxPendingAlerts;
    /** How long close waits for in-flight sends before reporting them NOT_SENT. */
    private Duration closeTimeout;
    /** Whether another provider of a channel may take over after an ambiguous failure (may page twice). */
    private boolean failoverOnAmbiguous;
    /**
     * Whether a durable submission resumed after its instance died sends again to a recipient whose request had
     * started (may page twice; default false: reported as possibly sent).
     */
    private boolean resendAmbiguousOnResume;

    /** @return sends in flight at once */
    public Integer getMaxConcurrentSends() {
      return maxConcurrentSends;
    }

    /** @param maxConcurrentSends sends in flight at once */
    public void setMaxConcurrentSends(Integer maxConcurrentSends) {
      this.maxConcurrentSends = maxConcurrentSends;
    }

    /** @return alerts accepted and not yet finished */
    public Integer getMaxPendingAlerts() {
      return maxPendingAlerts;
    }

    /** @param maxPendingAlerts alerts accepted and not yet finished */
    public void setMaxPendingAlerts(Integer maxPendingAlerts) {
      this.maxPendingAlerts = maxPendingAlerts;
    }

    /** @return how long close waits */
    public Duration getCloseTimeout() {
      return closeTimeout;
    }

    /** @param closeTimeout how long close waits */
    public void setCloseTimeout(Duration closeTimeout) {
      this.closeTimeout = closeTimeout;
    }

    /** @return whether failover after ambiguous failures is allowed */
    public boolean isFailoverOnAmbiguous() {
      return failoverOnAmbiguous;
    }

    /** @param failoverOnAmbiguous whether failover after ambiguous failures is allowed */
    public void setFailoverOnAmbiguous(boolean failoverOnAmbiguous) {
      this.failoverOnAmbiguous = failoverOnAmbiguous;
    }

    /** @return whether a resumed durable submission resends what may have been sent */
    public boolean isResendAmbiguousOnResume() {
      return resendAmbiguousOnResume;
    }

    /** @param resendAmbiguousOnResume whether a resumed durable submission resends what may have been sent */
    public void setResendAmbiguousOnResume(boolean resendAmbiguousOnResume) {
      this.resendAmbiguousOnResume = resendAmbiguousOnResume;
    }
  }

  /** Retries and protection; unset values keep alertkit's defaults. */
  public static class Resilience {
    /** false = exactly one request per message (no retries, breaker, rate limit or timeout). */
    private boolean enabled = true;
    /** Requests per message including the first (retries only when safe). */
    private Integer maxAttempts;
    /** Per-request timeout. */
    private Duration timeout;
    /** Whether ambiguous failures (may have been sent) are retried: may page twice. */
    private boolean retryAmbiguous;

    /** @return whether protection is on */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether protection is on */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return requests per message */
    public Integer getMaxAttempts() {
      return maxAttempts;
    }

    /** @param maxAttempts requests per message */
    public void setMaxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /** @return the per-request timeout */
    public Duration getTimeout() {
      return timeout;
    }

    /** @param timeout the per-request timeout */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    /** @return whether ambiguous failures are retried */
    public boolean isRetryAmbiguous() {
      return retryAmbiguous;
    }

    /** @param retryAmbiguous whether ambiguous failures are retried */
    public void setRetryAmbiguous(boolean retryAmbiguous) {
      this.retryAmbiguous = retryAmbiguous;
    }
  }

  /** Dedup of repeated alerts by dedup key; off unless a window is set. */
  public static class Dedup {
    /** Repeats of a dedup key within this window are suppressed. */
    private Duration window;
    /** Send again after this interval even within the window. */
    private Duration repeatInterval;

    /** @return the window */
    public Duration getWindow() {
      return window;
    }

    /** @param window the window */
    public void setWindow(Duration window) {
      this.window = window;
    }

    /** @return the repeat interval */
    public Duration getRepeatInterval() {
      return repeatInterval;
    }

    /** @param repeatInterval the repeat interval */
    public void setRepeatInterval(Duration repeatInterval) {
      this.repeatInterval = repeatInterval;
    }
  }

  /** Routing rules, first match wins (unless a rule continues); without rules every channel is tried in order. */
  public static class Routing {
    /** The rules in order. */
    private List<RuleProperties> rules = new ArrayList<>();
    /** The rule for alerts no rule matched (required when rules are given). */
    private RuleProperties otherwise;

    /** @return the rules */
    public List<RuleProperties> getRules() {
      return rules;
    }

    /** @param rules the rules */
    public void setRules(List<RuleProperties> rules) {
      this.rules = rules;
    }

    /** @return the fallback rule */
    public RuleProperties getOtherwise() {
      return otherwise;
    }

    /** @param otherwise the fallback rule */
    public void setOtherwise(RuleProperties otherwise) {
      this.otherwise = otherwise;
    }
  }

  /** One routing rule: when it matches, what to deliver, fallback tiers, quiet hours. */
  public static class RuleProperties {
    /** Name shown in reports and describe(). */
    private String name;
    /** Conditions, all of which must hold; empty = always. */
    private MatchProperties when = new MatchProperties();
    /** The first tier: channels tried in parallel. */
    private List<Channel> deliver = new ArrayList<>();
    /** Later tiers, each tried when every channel of the previous tier failed. */
    private List<List<Channel>> fallback = new ArrayList<>();
    /** Quiet hours: unset = alertkit's severity-aware default. */
    private QuietHoursProperties quietHours;
    /** Whether later rules are merged in after this one matches. */
    private boolean continueMatching;
    /** Whether a recipient's preferred channel order reorders each tier. */
    private boolean honorPreferences;

    /** @return the name */
    public String getName() {
      return name;
    }

    /** @param name the name */
    public void setName(String name) {
      this.name = name;
    }

    /** @return the conditions */
    public MatchProperties getWhen() {
      return when;
    }

    /** @param when the conditions */
    public void setWhen(MatchProperties when) {
      this.when = when;
    }

    /** @return the first tier */
    public List<Channel> getDeliver() {
      return deliver;
    }

    /** @param deliver the first tier */
    public void setDeliver(List<Channel> deliver) {
      this.deliver = deliver;
    }

    /** @return the later tiers */
    public List<List<Channel>> getFallback() {
      return fallback;
    }

    /** @param fallback the later tiers */
    public void setFallback(List<List<Channel>> fallback) {
      this.fallback = fallback;
    }

    /** @return the quiet-hours policy */
    public QuietHoursProperties getQuietHours() {
      return quietHours;
    }

    /** @param quietHours the quiet-hours policy */
    public void setQuietHours(QuietHoursProperties quietHours) {
      this.quietHours = quietHours;
    }

    /** @return whether matching continues */
    public boolean isContinueMatching() {
      return continueMatching;
    }

    /** @param continueMatching whether matching continues */
    public void setContinueMatching(boolean continueMatching) {
      this.continueMatching = continueMatching;
    }

    /** @return whether preferences are honoured */
    public boolean isHonorPreferences() {
      return honorPreferences;
    }

    /** @param honorPreferences whether preferences are honoured */
    public void setHonorPreferences(boolean honorPreferences) {
      this.honorPreferences = honorPreferences;
    }
  }

  /** Conditions of a rule; all given ones must hold. */
  public static class MatchProperties {
    /** Exactly this severity. */
    private Severity severity;
    /** This severity or higher. */
    private Severity severityAtLeast;
    /** Labels that must have these values. */
    private Map<String, String> labels = new LinkedHashMap<>();
    /** Labels whose values must match these regular expressions. */
    private Map<String, String> labelMatches = new LinkedHashMap<>();
    /** Labels that must exist. */
    private List<String> labelExists = new ArrayList<>();
    /** The recipient's phone number is in this region (ISO 3166 code, e.g. IN). */
    private String recipientCountry;

    /** @return the exact severity */
    public Severity getSeverity() {
      return severity;
    }

    /** @param severity the exact severity */
    public void setSeverity(Severity severity) {
      this.severity = severity;
    }

    /** @return the minimum severity */
    public Severity getSeverityAtLeast() {
      return severityAtLeast;
    }

    /** @param severityAtLeast the minimum severity */
    public void setSeverityAtLeast(Severity severityAtLeast) {
      this.severityAtLeast = severityAtLeast;
    }

    /** @return label equality conditions */
    public Map<String, String> getLabels() {
      return labels;
    }

    /** @param labels label equality conditions */
    public void setLabels(Map<String, String> labels) {
      this.labels = labels;
    }

    /** @return label regex conditions */
    public Map<String, String> getLabelMatches() {
      return labelMatches;
    }

    /** @param labelMatches label regex conditions */
    public void setLabelMatches(Map<String, String> labelMatches) {
      this.labelMatches = labelMatches;
    }

    /** @return labels that must exist */
    public List<String> getLabelExists() {
      return labelExists;
    }

    /** @param labelExists labels that must exist */
    public void setLabelExists(List<String> labelExists) {
      this.labelExists = labelExists;
    }

    /** @return the recipient country */
    public String getRecipientCountry() {
      return recipientCountry;
    }

    /** @param recipientCountry the recipient country */
    public void setRecipientCountry(String recipientCountry) {
      this.recipientCountry = recipientCountry;
    }
  }

  /** A rule's quiet-hours policy. */
  public static class QuietHoursProperties {
    /** DEFER (send when quiet hours end), BYPASS (send now) or SKIP_CHANNEL (skip the listed channels). */
    private QuietHoursPolicy.Mode mode;
    /** With SKIP_CHANNEL: the channels skipped during quiet hours. */
    private List<Channel> channels = new ArrayList<>();

    /** @return the mode */
    public QuietHoursPolicy.Mode getMode() {
      return mode;
    }

    /** @param mode the mode */
    public void setMode(QuietHoursPolicy.Mode mode) {
      this.mode = mode;
    }

    /** @return the skipped channels */
    public List<Channel> getChannels() {
      return channels;
    }

    /** @param channels the skipped channels */
    public void setChannels(List<Channel> channels) {
      this.channels = channels;
    }
  }

  /** India DLT compliance for SMS to +91; on when an entity id is set. */
  public static class Dlt {
    /** Principal Entity ID (19 digits). */
    private String entityId;
    /** Registered headers (sender IDs), exactly as registered. */
    private List<String> headers = new ArrayList<>();
    /** CSV of registered templates (template_id,template_name,category,headers,template_text). */
    private Resource templatesCsv;
    /** Whitelisted URLs. */
    private List<String> whitelistUrls = new ArrayList<>();
    /** Whitelisted dynamic URLs (prefixes). */
    private List<String> whitelistDynamicUrls = new ArrayList<>();

    /** @return the entity id */
    public String getEntityId() {
      return entityId;
    }

    /** @param entityId the entity id */
    public void setEntityId(String entityId) {
      this.entityId = entityId;
    }

    /** @return the headers */
    public List<String> getHeaders() {
      return headers;
    }

    /** @param headers the headers */
    public void setHeaders(List<String> headers) {
      this.headers = headers;
    }

    /** @return the templates CSV */
    public Resource getTemplatesCsv() {
      return templatesCsv;
    }

    /** @param templatesCsv the templates CSV */
    public void setTemplatesCsv(Resource templatesCsv) {
      this.templatesCsv = templatesCsv;
    }

    /** @return the whitelisted URLs */
    public List<String> getWhitelistUrls() {
      return whitelistUrls;
    }

    /** @param whitelistUrls the whitelisted URLs */
    public void setWhitelistUrls(List<String> whitelistUrls) {
      this.whitelistUrls = whitelistUrls;
    }

    /** @return the whitelisted dynamic URLs */
    public List<String> getWhitelistDynamicUrls() {
      return whitelistDynamicUrls;
    }

    /** @param whitelistDynamicUrls the whitelisted dynamic URLs */
    public void setWhitelistDynamicUrls(List<String> whitelistDynamicUrls) {
      this.whitelistDynamicUrls = whitelistDynamicUrls;
    }
  }

  /** Webhook endpoints mounted in a Spring MVC application. */
  public static class Webhooks {
    /** Whether the endpoints are mounted. */
    private boolean enabled = true;
    /**
     * The public base URL providers call (scheme, host, port, path prefix), e.g. https://alerts.example.com.
     * Signatures are verified against it, so it must be exactly what providers are given; it also becomes Twilio's
     * status callback base URL. Without it the request URL as Spring sees it is used (behind a proxy only correct
     * when forwarded headers are enabled with server.forward-headers-strategy).
     */
    private String publicBaseUrl;
    /** Largest accepted Twilio webhook body, in bytes. */
    private int twilioMaxBodyBytes = 64 * 1024;
    /** Largest accepted SendGrid event batch, in bytes. */
    private int sendgridMaxBodyBytes = 1 << 20;

    /** @return whether the endpoints are mounted */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether the endpoints are mounted */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return the public base URL */
    public String getPublicBaseUrl() {
      return publicBaseUrl;
    }

    /** @param publicBaseUrl the public base URL */
    public void setPublicBaseUrl(String publicBaseUrl) {
      this.publicBaseUrl = publicBaseUrl;
    }

    /** @return the Twilio body limit */
    public int getTwilioMaxBodyBytes() {
      return twilioMaxBodyBytes;
    }

    /** @param twilioMaxBodyBytes the Twilio body limit */
    public void setTwilioMaxBodyBytes(int twilioMaxBodyBytes) {
      this.twilioMaxBodyBytes = twilioMaxBodyBytes;
    }

    /** @return the SendGrid body limit */
    public int getSendgridMaxBodyBytes() {
      return sendgridMaxBodyBytes;
    }

    /** @param sendgridMaxBodyBytes the SendGrid body limit */
    public void setSendgridMaxBodyBytes(int sendgridMaxBodyBytes) {
      this.sendgridMaxBodyBytes = sendgridMaxBodyBytes;
    }
  }

  /** Test support (needs alert-testkit-emulators on the classpath). */
  public static class Testing {
    /**
     * Replace the real Twilio and SendGrid endpoints with the testkit's embedded emulators (real HTTP on
     * 127.0.0.1, nothing leaves the machine). Credentials are not needed then.
     */
    private boolean emulators;

    /** @return whether the emulators replace the real APIs */
    public boolean isEmulators() {
      return emulators;
    }

    /** @param emulators whether the emulators replace the real APIs */
    public void setEmulators(boolean emulators) {
      this.emulators = emulators;
    }
  }
}
