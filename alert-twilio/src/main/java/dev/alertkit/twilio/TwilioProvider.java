package dev.alertkit.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alertkit.Channel;
import dev.alertkit.spi.support.Redaction;
import dev.alertkit.spi.AbortSignal;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import dev.alertkit.twilio.internal.Captured;
import dev.alertkit.twilio.internal.Exchange;
import dev.alertkit.twilio.internal.TwilioErrors;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the SMS, voice and WhatsApp providers share: one Twilio request per send through the account's HTTP client,
 * classification of every failure, and a {@link #close()} that releases the shared pool once.
 */
abstract class TwilioProvider implements ChannelProvider {
  private static final Logger log = LoggerFactory.getLogger(TwilioProvider.class);

  private final String name;
  private final Channel channel;
  final TwilioAccount account;
  private final AtomicBoolean closed = new AtomicBoolean();

  TwilioProvider(String name, Channel channel, TwilioAccount account) {
    this.name = name;
    this.channel = channel;
    this.account = account;
    account.acquire();
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int maxConcurrency() {
    return account.config.http().poolSize();
  }

  @Override
  public final Set<Channel> channels() {
    return Set.of(channel);
  }

  /**
   * Sends one message with exactly one request to Twilio. Never throws for Twilio or network failures.
   *
   * @param message the message
   * @return accepted with the Twilio SID and initial status, or rejected with a classified failure
   * @throws NullPointerException when message is null
   * @throws IllegalArgumentException when the message is for another channel
   * @throws IllegalStateException when this provider (or its {@link TwilioProviders}) is closed
   */
  @Override
  public final SendResult send(OutboundMessage message) {
    return send(message, AbortSignal.never());
  }

  /**
   * Sends one message like {@link #send(OutboundMessage)}; when the client aborts the request in flight (timeout,
   * close), its HTTP request is cancelled.
   *
   * @param message the message
   * @param abort the client's abort signal
   * @return accepted with the Twilio SID and initial status, or rejected with a classified failure
   * @throws NullPointerException when message is null
   * @throws IllegalArgumentException when the message is for another channel
   * @throws IllegalStateException when this provider (or its {@link TwilioProviders}) is closed
   */
  @Override
  public final SendResult send(OutboundMessage message, AbortSignal abort) {
    Objects.requireNonNull(message, "message");
    if (message.channel() != channel) {
      throw new IllegalArgumentException(name + " sends " + channel + " only, not " + message.channel());
    }
    if (closed.get() || account.isReleased()) {
      throw new IllegalStateException(name + " is closed");
    }
    Prepared prepared;
    try {
      prepared = prepare(message);
    } catch (RuntimeException e) {
      // Building the request only reads the alert's content and this provider's settings: whatever fails here is a
      // content problem that no other provider and no retry can fix, and must never count against the circuit breaker.
      Failure f = Failure.permanent(Failure.Fault.CONTENT, "could not build the Twilio request from the alert's content: "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())).build();
      return rejected(message, f);
    }
    if (prepared.failure != null) {
      return rejected(message, prepared.failure);
    }
    Captured<?> captured = account.http.capture(prepared.call, abort);
    Exchange ex = captured.exchange();
    if (captured.error().isEmpty() && ex.status() >= 200 && ex.status() < 300) {
      return accepted(message, ex, prepared.extraDetails);
    }
    return rejected(message, TwilioErrors.classify(ex, captured.error(), account.mapper, account.clock));
  }

  /**
   * Builds the SDK call, or fails before sending.
   *
   * @param message the message
   * @return the prepared call or failure
   */
  abstract Prepared prepare(OutboundMessage message);

  /** @return which JSON fields of the created resource go into {@link SendResult.Accepted#details()} */
  abstract Set<String> detailFields();

  private SendResult accepted(OutboundMessage message, Exchange ex, Map<String, String> extra) {
    JsonNode json;
    try {
      json = account.mapper.readTree(ex.body());
    } catch (Exception e) {
      json = null;
    }
    JsonNode sid = json == null ? null : json.get("sid");
    if (sid == null || !sid.isTextual() || sid.asText().isBlank()) {
      return rejected(message, TwilioErrors.classify(
          new Exchange(ex.requests(), ex.status(), ex.headers(), "", null), Optional.empty(), account.mapper, account.clock));
    }
    JsonNode status = json.get("status");
    Map<String, String> details = new LinkedHashMap<>();
    for (String field : detailFields()) {
      JsonNode v = json.get(field);
      if (v != null && !v.isNull() && v.isValueNode()) {
        details.put(field, v.asText());
      }
    }
    ex.header("Twilio-Concurrent-Requests").ifPresent(v -> details.put("twilio_concurrent_requests", v));
    details.putAll(extra);
    String statusText = status != null && status.isTextual() ? status.asText() : null;
    log.debug("{} accepted attempt {}: {} status={} {}", name, message.attemptId(), sid.asText(), statusText, details);
    return new SendResult.Accepted(Optional.of(sid.asText()), Optional.ofNullable(statusText), details);
  }

  private SendResult rejected(OutboundMessage message, Failure failure) {
    log.info("{} did not send attempt {} of alert {} to {}: {}", name, message.attemptId(), message.alert().id(),
        Redaction.address(message.to()), failure);
    return SendResult.rejected(failure);
  }

  /**
   * The status callback URL for a message, when a callback base URL is configured.
   *
   * @param message the message
   * @param path one of the {@link TwilioCallbacks} paths
   * @return the URL
   */
  final Optional<URI> callbackUrl(OutboundMessage message, String path) {
    return account.config.statusCallbackBaseUrl().map(base ->
        TwilioCallbacks.url(base, path, message.alert().id(), message.attemptId(), message.recipient().id()));
  }

  /** Closes this provider; the last open provider of a {@link TwilioProviders} releases the shared pool. Idempotent. */
  @Override
  public final void close() {
    if (closed.compareAndSet(false, true)) {
      account.release();
    }
  }

  @Override
  public String toString() {
    return name + "{account=" + account.config.accountSid() + (closed.get() ? ", closed" : "") + "}";
  }
}
