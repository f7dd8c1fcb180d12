package dev.alertkit.twilio;

import dev.alertkit.ValidationException;
import dev.alertkit.spi.ChannelProvider;
import java.time.Clock;
import java.util.Objects;

/**
 * The entry point of the Twilio module: SMS, voice and WhatsApp {@link ChannelProvider}s for one Twilio account,
 * sharing one HTTP connection pool.
 *
 * <pre>{@code
 * TwilioProviders twilio = TwilioProviders.of(TwilioConfig.fromEnv());
 * try (AlertClient client = AlertClient.builder()
 *     .provider(twilio.sms())
 *     .provider(twilio.voice())
 *     .provider(twilio.whatsapp())
 *     ...
 *     .build()) {
 *   client.send(alert);
 * }   // the client closes the three providers; the last close releases the pool
 * }</pre>
 *
 * <p>Lifecycle: each of {@link #sms()}, {@link #voice()}, {@link #whatsapp()} returns the same provider every time it is
 * called. The shared pool is released exactly once: when every provider handed out has been closed, or when
 * {@link #close()} is called, whichever comes first. Closing a provider twice, or after {@link #close()}, is safe.
 * Ask for all the providers you need before handing them out: once the pool is released, asking for a provider
 * throws {@link IllegalStateException}. A {@link ContactVerifier} ({@link #verifier}) and a {@link LineTypeCheck}
 * ({@link #lineTypeCheck()}) share the pool the same way: each holds a share until it is closed.
 *
 * <p>Every provider makes exactly one HTTP request per {@code send} (the SDK's hidden retries are off) and never
 * throws for Twilio or network failures: they come back as classified {@link dev.alertkit.Failure}s. Thread-safe.
 */
public final class TwilioProviders implements AutoCloseable {
  /** Name of the SMS provider. */
  public static final String SMS_PROVIDER_NAME = TwilioSmsProvider.NAME;
  /** Name of the voice provider. */
  public static final String VOICE_PROVIDER_NAME = TwilioVoiceProvider.NAME;
  /** Name of the WhatsApp provider. */
  public static final String WHATSAPP_PROVIDER_NAME = TwilioWhatsAppProvider.NAME;

  private final TwilioAccount account;
  private TwilioSmsProvider sms;
  private TwilioVoiceProvider voice;
  private TwilioWhatsAppProvider whatsapp;

  private TwilioProviders(TwilioAccount account) {
    this.account = account;
  }

  /**
   * Connects to one Twilio account. Creates the connection pool (no threads, no connections until the first send).
   *
   * @param config the account's configuration
   * @return the providers' factory
   * @throws NullPointerException when config is null
   */
  public static TwilioProviders of(TwilioConfig config) {
    return of(config, Clock.systemUTC());
  }

  /**
   * As {@link #of(TwilioConfig)}, with the clock used to read HTTP-date {@code Retry-After} headers.
   *
   * @param config the account's configuration
   * @param clock the clock
   * @return the providers' factory
   * @throws NullPointerException when an argument is null
   */
  static TwilioProviders of(TwilioConfig config, Clock clock) {
    return new TwilioProviders(new TwilioAccount(Objects.requireNonNull(config, "config"), Objects.requireNonNull(clock, "clock")));
  }

  /**
   * A standalone SMS provider with its own connection pool, released when the provider is closed.
   *
   * @param config the account's configuration
   * @return the provider, named {@value #SMS_PROVIDER_NAME}
   * @throws ValidationException when the configuration has neither {@code smsFrom} nor {@code messagingServiceSid}
   */
  public static ChannelProvider sms(TwilioConfig config) {
    return of(config).sms();
  }

  /**
   * A standalone voice provider with its own connection pool, released when the provider is closed.
   *
   * @param config the account's configuration
   * @return the provider, named {@value #VOICE_PROVIDER_NAME}
   * @throws ValidationException when the configuration has no {@code voiceFrom}
   */
  public static ChannelProvider voice(TwilioConfig config) {
    return of(config).voice();
  }

  /**
   * A standalone WhatsApp provider with its own connection pool, released when the provider is closed.
   *
   * @param config the account's configuration
   * @return the provider, named {@value #WHATSAPP_PROVIDER_NAME}
   * @throws ValidationException when the configuration has neither {@code whatsappFrom} nor {@code messagingServiceSid}
   */
  public static ChannelProvider whatsapp(TwilioConfig config) {
    return of(config).whatsapp();
  }

  /**
   * The SMS provider of this account.
   *
   * @return the provider, named {@value #SMS_PROVIDER_NAME}; the same instance on every call
   * @throws ValidationException when the configuration has neither {@code smsFrom} nor {@code messagingServiceSid}
   * @throws IllegalStateException when the pool was already released
   */
  public synchronized ChannelProvider sms() {
    requireOpen();
    if (sms == null) {
      if (account.config.smsFrom().isEmpty() && account.config.messagingServiceSid().isEmpty()) {
        throw new ValidationException("smsFrom", "the SMS provider needs smsFrom or messagingServiceSid (" + TwilioConfig.ENV_SMS_FROM
            + " / " + TwilioConfig.ENV_MESSAGING_SERVICE_SID + ")");
      }
      sms = new TwilioSmsProvider(account);
    }
    return sms;
  }

  /**
   * The voice provider of this account.
   *
   * @return the provider, named {@value #VOICE_PROVIDER_NAME}; the same instance on every call
   * @throws ValidationException when the configuration has no {@code voiceFrom}
   * @throws IllegalStateException when the pool was already released
   */
  public synchronized ChannelProvider voice() {
    requireOpen();
    if (voice == null) {
      if (account.config.voiceFrom().isEmpty()) {
        throw new ValidationException("voiceFrom", "the voice provider needs a caller ID (" + TwilioConfig.ENV_VOICE_FROM + ")");
      }
      voice = new TwilioVoiceProvider(account);
    }
    return voice;
  }

  /**
   * The WhatsApp provider of this account.
   *
   * @return the provider, named {@value #WHATSAPP_PROVIDER_NAME}; the same instance on every call
   * @throws ValidationException when the configuration has neither {@code whatsappFrom} nor {@code messagingServiceSid}
   * @throws IllegalStateException when the pool was already released
   */
  public synchronized ChannelProvider whatsapp() {
    requireOpen();
    if (whatsapp == null) {
      if (account.config.whatsappFrom().isEmpty() && account.config.messagingServiceSid().isEmpty()) {
        throw new ValidationException("whatsappFrom", "the WhatsApp provider needs whatsappFrom or messagingServiceSid ("
            + TwilioConfig.ENV_WHATSAPP_FROM + " / " + TwilioConfig.ENV_MESSAGING_SERVICE_SID + ")");
      }
      whatsapp = new TwilioWhatsAppProvider(account);
    }
    return whatsapp;
  }

  /**
   * A {@link ContactVerifier} for one Twilio Verify service of this account: sends and checks one-time codes through
   * the account's connection pool (requests go to {@code verify.twilio.com}, or to the configured base URL).
   *
   * @param verifyServiceSid the Verify service SID, {@code VA} followed by 32 hex digits
   * @return a new verifier; close it when done (it holds a share of the pool)
   * @throws ValidationException when the SID is malformed
   * @throws IllegalStateException when the pool was already released
   */
  public ContactVerifier verifier(String verifyServiceSid) {
    requireOpen();
    return new ContactVerifier(account, verifyServiceSid);
  }

  /**
   * Starts a {@link LineTypeCheck}: Twilio Lookup line types, cached, to skip SMS and WhatsApp to landlines before any
   * send (requests go to {@code lookups.twilio.com}, or to the configured base URL). Give it to
   * {@code AlertClient.builder().contactCheck(...)}.
   *
   * @return a builder with the defaults (30 days cache, 1 minute pause after a failure)
   * @throws IllegalStateException when the pool was already released
   */
  public LineTypeCheck.Builder lineTypeCheck() {
    requireOpen();
    return LineTypeCheck.builder(account);
  }

  private void requireOpen() {
    if (account.isReleased()) {
      throw new IllegalStateException("this TwilioProviders is closed: create a new one with TwilioProviders.of(config)");
    }
  }

  /** @return the configuration */
  public TwilioConfig config() {
    return account.config;
  }

  /** @return whether the shared connection pool has been released */
  public boolean isClosed() {
    return account.isReleased();
  }

  /** Releases the shared connection pool now (once); the providers' later sends throw {@link IllegalStateException}. */
  @Override
  public void close() {
    account.releasePool();
  }

  @Override
  public String toString() {
    return "TwilioProviders{" + account.config + (isClosed() ? ", closed" : "") + "}";
  }
}
