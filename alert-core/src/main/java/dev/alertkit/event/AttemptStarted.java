package dev.alertkit.event;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A request to a provider is about to leave the process: one event per request, naming every recipient in it (a
 * batched e-mail names all of its recipients).
 *
 * @param at when
 * @param alert the alert
 * @param channel the channel
 * @param provider the provider name
 * @param recipients every recipient in the request, in order
 * @param attemptIds the attempt id of each recipient, in the same order
 * @param request the number of this request within the attempt, from 1 (above 1 for a retry)
 */
public record AttemptStarted(Instant at, Alert alert, Channel channel, String provider, List<Recipient> recipients,
    List<String> attemptIds, int request) implements AlertEvent {
  /**
   * Validates and copies.
   *
   * @param at when
   * @param alert the alert
   * @param channel the channel
   * @param provider the provider name
   * @param recipients every recipient in the request
   * @param attemptIds the attempt id of each recipient
   * @param request the number of this request within the attempt, from 1
   * @throws NullPointerException when a value is null
   * @throws IllegalArgumentException when the lists are empty or differ in size, or request is below 1
   */
  public AttemptStarted {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(provider, "provider");
    recipients = Events.nonEmpty(recipients, "recipients");
    attemptIds = Events.nonEmpty(attemptIds, "attemptIds");
    if (recipients.size() != attemptIds.size()) {
      throw new IllegalArgumentException("recipients and attemptIds differ in size");
    }
    if (request < 1) {
      throw new IllegalArgumentException("request must be at least 1");
    }
  }
}
