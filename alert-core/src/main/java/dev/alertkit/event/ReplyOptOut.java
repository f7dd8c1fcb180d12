package dev.alertkit.event;

import dev.alertkit.Channel;
import java.time.Instant;
import java.util.Objects;

/**
 * A person replied with an opt-out (STOP and its carrier variants) or opt-in keyword (START); recorded in the incident store.
 *
 * @param at when, on the client's clock
 * @param address the sender's E.164 number
 * @param channel SMS or WhatsApp
 * @param keyword the keyword, upper case
 * @param optedOut true for an opt-out, false for an opt-in or HELP
 */
public record ReplyOptOut(Instant at, String address, Channel channel, String keyword, boolean optedOut) implements AlertEvent {
  /**
   * Validates.
   *
   * @param at when
   * @param address the sender's E.164 number
   * @param channel SMS or WhatsApp
   * @param keyword the keyword, upper case
   * @param optedOut true for an opt-out, false for an opt-in or HELP
   * @throws NullPointerException when a value is null
   */
  public ReplyOptOut {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(keyword, "keyword");
  }
}
