package dev.alertkit.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A timer as data: what to do ({@code kind}, chosen by the client, e.g. {@code "escalation-step"}), which instance
 * ({@code key}, unique within the kind, e.g. an incident id and step), when it is due, and a text payload
 * that the handler needs (an escalation step's ids, or a whole alert for a durable submission; durable stores write
 * it to a database column). Because a timer is data, a
 * durable {@link TimerService} can keep it across a restart and run it on another instance.
 *
 * @param kind what the timer does; 1 to 64 characters
 * @param key which instance; 1 to 256 characters, unique within the kind
 * @param due when it should fire
 * @param payload what the handler needs, at most 1,048,576 characters (may be empty)
 */
public record TimerEntry(String kind, String key, Instant due, String payload) {
  /** Longest payload, in characters. */
  public static final int MAX_PAYLOAD = 1_048_576;

  /**
   * Validates.
   *
   * @param kind what the timer does
   * @param key which instance
   * @param due when it should fire
   * @param payload what the handler needs
   * @throws NullPointerException when a value is null
   * @throws IllegalArgumentException when kind, key or payload is empty or too long (the message names the field)
   */
  public TimerEntry {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(due, "due");
    Objects.requireNonNull(payload, "payload");
    if (kind.isBlank() || kind.length() > 64) {
      throw new IllegalArgumentException("kind must be 1 to 64 characters, not blank (was " + kind.length() + ")");
    }
    if (key.isBlank() || key.length() > 256) {
      throw new IllegalArgumentException("key must be 1 to 256 characters, not blank (was " + key.length() + ")");
    }
    if (payload.length() > MAX_PAYLOAD) {
      throw new IllegalArgumentException("payload must be at most " + MAX_PAYLOAD + " characters (was " + payload.length() + ")");
    }
  }

  @Override
  public String toString() {
    return kind + "/" + key + " due " + due;
  }
}
