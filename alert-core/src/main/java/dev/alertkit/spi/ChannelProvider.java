package dev.alertkit.spi;

import dev.alertkit.Failure;
import dev.alertkit.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Sends messages over one or more channels through one provider account (a Twilio account, a SendGrid key, an
 * in-memory fake). Implementations must be thread-safe.
 *
 * <p>Contract: {@link #send} never throws for provider-side failures; it returns a {@link SendResult.Rejected}
 * with a {@link Failure} whose {@link Failure.Kind kind} says whether resending is safe. A provider must not
 * retry on its own: the client's resilience layer is the only one that decides (Twilio and SendGrid have no
 * idempotency key, so a blind retry can reach a person twice). Should {@code send} throw anyway, the client
 * records an {@link Failure.Kind#AMBIGUOUS} failure, because it cannot know whether the message left.
 */
public interface ChannelProvider extends AutoCloseable {

  /**
   * A short stable name used in reports, logs and metrics, e.g. {@code "twilio-sms"}.
   *
   * @return the name, unique within one client
   */
  String name();

  /**
   * The channels this provider can send.
   *
   * @return a non-empty set
   */
  Set<Channel> channels();

  /**
   * Sends one message, making at most one request to the provider.
   *
   * @param message the message, already routed and checked by the compliance guards
   * @return accepted with the provider's message id, or rejected with a classified failure
   */
  SendResult send(OutboundMessage message);

  /**
   * Sends one message like {@link #send(OutboundMessage)}, with a signal through which the client may abort the
   * request while it is in flight (timeout, alert decided, client closed). Providers with an abortable transport
   * override this; the default ignores the signal.
   *
   * @param message the message
   * @param abort register the transport's abort action here
   * @return accepted with the provider's message id, or rejected with a classified failure
   */
  default SendResult send(OutboundMessage message, AbortSignal abort) {
    return send(message);
  }

  /**
   * How many requests the client may have in flight to this provider at once: the size of its bulkhead. A provider
   * with a connection pool returns the pool size (more concurrent requests would only wait for a connection inside
   * the provider, where the client cannot cancel them). The client may override it
   * ({@code AlertClient.Builder#maxConcurrentSends}). Default 100.
   *
   * @return at least 1
   */
  default int maxConcurrency() {
    return 100;
  }

  /**
   * How many messages of one alert this provider can send in one request (e.g. 1,000 personalizations in one
   * SendGrid mail). The client then calls {@link #sendBatch} with up to this many messages that share the alert
   * and channel.
   *
   * @return at least 1; 1 (the default) disables batching
   */
  default int maxBatchSize() {
    return 1;
  }

  /**
   * Sends several messages of the same alert and channel, ideally in one request. The default sends them one
   * by one.
   *
   * @param messages 1 to {@link #maxBatchSize()} messages of one alert and channel
   * @return one result per message, in the same order
   */
  default List<SendResult> sendBatch(List<OutboundMessage> messages) {
    List<SendResult> results = new ArrayList<>(messages.size());
    for (OutboundMessage m : messages) {
      results.add(send(m));
    }
    return results;
  }

  /**
   * Sends a batch like {@link #sendBatch(List)}, with a signal through which the client may abort the request while
   * it is in flight. The default ignores the signal for batches and passes it on for a single message.
   *
   * @param messages 1 to {@link #maxBatchSize()} messages of one alert and channel
   * @param abort register the transport's abort action here
   * @return one result per message, in the same order
   */
  default List<SendResult> sendBatch(List<OutboundMessage> messages, AbortSignal abort) {
    return messages.size() == 1 ? List.of(send(messages.get(0), abort)) : sendBatch(messages);
  }

  /**
   * Called once by the client that will use this provider, before any send. Providers that learn about
   * deliveries themselves (fakes; providers with their own event stream) keep the context to report them. The
   * default does nothing.
   *
   * @param context the client's context
   */
  default void attach(ProviderContext context) {}

  /** Releases what the provider holds (HTTP connection pools). The default does nothing. */
  @Override
  default void close() {}
}
