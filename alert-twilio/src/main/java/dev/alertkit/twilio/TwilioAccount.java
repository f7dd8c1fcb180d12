package dev.alertkit.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.http.TwilioRestClient;
import dev.alertkit.twilio.internal.TwilioHttpClient;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Twilio account's connection: one {@link TwilioHttpClient} (one pool) and one {@link TwilioRestClient},
 * shared by the SMS, voice and WhatsApp providers of a {@link TwilioProviders}. The pool is released exactly once:
 * when the last provider handed out is closed, or when {@link TwilioProviders#close()} is called.
 */
final class TwilioAccount {
  private static final Logger log = LoggerFactory.getLogger(TwilioAccount.class);

  final TwilioConfig config;
  final TwilioHttpClient http;
  final TwilioRestClient rest;
  final ObjectMapper mapper;
  final Clock clock;
  private int open;
  private boolean released;

  TwilioAccount(TwilioConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.http = new TwilioHttpClient(config.baseUrl(), config.http().connectTimeout(), config.http().readTimeout(),
        config.http().poolLeaseTimeout(), config.http().poolSize(), "alertkit-twilio");
    TwilioRestClient.Builder b = new TwilioRestClient.Builder(config.username(), config.secret()).httpClient(http);
    if (config.usesApiKey()) {
      b.accountSid(config.accountSid());
    }
    this.rest = b.build();
    this.mapper = rest.getObjectMapper();
  }

  /**
   * Registers one more open provider.
   *
   * @throws IllegalStateException when the pool was already released
   */
  synchronized void acquire() {
    if (released) {
      throw new IllegalStateException("this TwilioProviders is closed (every provider it handed out was closed, or close()"
          + " was called): create a new one with TwilioProviders.of(config)");
    }
    open++;
  }

  /** Unregisters an open provider; the last one releases the pool. */
  synchronized void release() {
    open--;
    if (open <= 0) {
      releasePool();
    }
  }

  /** Releases the pool now, once. */
  synchronized void releasePool() {
    if (!released) {
      released = true;
      http.close();
      log.debug("Twilio account {} released its connection pool", config.accountSid());
    }
  }

  synchronized boolean isReleased() {
    return released;
  }
}
