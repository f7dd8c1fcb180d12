package dev.alertkit.internal;

import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Calls a provider for a batch of messages of one alert and channel, possibly with retries, rate limits and a
 * circuit breaker around it. The completed future always holds one result per message; it never completes
 * exceptionally.
 */
public interface ProviderCaller {

  /**
   * The outcome of a call.
   *
   * @param results one result per message, in order
   * @param requests how many requests were made to the provider (1 plus retries)
   * @param ambiguousResend whether a request was repeated after an ambiguous failure
   * @param messageRequests per message, how many requests included it (a batch retry resends only the messages
   *     that need it)
   * @param messageAmbiguousResends per message, whether it was resent after an ambiguous failure
   */
  record CallResult(List<SendResult> results, int requests, boolean ambiguousResend, List<Integer> messageRequests,
      List<Boolean> messageAmbiguousResends) {
    /** Copies and checks sizes. */
    public CallResult {
      results = List.copyOf(Objects.requireNonNull(results, "results"));
      messageRequests = List.copyOf(messageRequests);
      messageAmbiguousResends = List.copyOf(messageAmbiguousResends);
      if (messageRequests.size() != results.size() || messageAmbiguousResends.size() != results.size()) {
        throw new IllegalArgumentException("one request count and one resend flag per result");
      }
    }

    /**
     * A result where every message was in every request.
     *
     * @param results one result per message, in order
     * @param requests how many requests were made
     * @param ambiguousResend whether a request was repeated after an ambiguous failure
     */
    public CallResult(List<SendResult> results, int requests, boolean ambiguousResend) {
      this(results, requests, ambiguousResend, java.util.Collections.nCopies(results.size(), requests),
          java.util.Collections.nCopies(results.size(), ambiguousResend));
    }
  }

  /**
   * Calls the provider.
   *
   * @param provider the provider
   * @param batch 1 to {@code provider.maxBatchSize()} messages of one alert and channel
   * @param events where retry decisions are reported
   * @return the result; never completes exceptionally
   */
  CompletableFuture<CallResult> call(ChannelProvider provider, List<OutboundMessage> batch, Events events);

  /**
   * Withdraws every request of an alert that has not started and aborts those in flight.
   *
   * @param alertId the alert
   * @param reason why
   */
  default void withdraw(String alertId, String reason) {}

  /** @return whether this thread makes its first requests itself (a blocking {@code send}'s caller) */
  default boolean callerRunsHere() {
    return false;
  }

  /** Hooks the caller reports to. */
  interface Events {
    /**
     * A retry is scheduled.
     *
     * @param recipients the recipients whose messages are retried (in a batch, only those that need it)
     * @param failure the failure being retried
     * @param delay the wait
     */
    void retryScheduled(List<dev.alertkit.Recipient> recipients, dev.alertkit.Failure failure, java.time.Duration delay);

    /**
     * A request is about to leave, on the thread that makes it (a durable dispatch journals its messages here). If
     * this throws, the request is not made and its messages fail as not sent (retryable).
     *
     * @param messages the request's messages
     */
    default void requestStarting(List<OutboundMessage> messages) {}
  }
}
