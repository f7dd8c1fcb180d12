package dev.alertkit.oncall;

import dev.alertkit.Recipient;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.Checks;
import java.time.Instant;

/**
 * A person who takes over a schedule for a time range {@code [from, until)}, replacing whoever the layers say.
 *
 * @param recipient who takes over
 * @param from start, inclusive
 * @param until end, exclusive
 */
public record OnCallOverride(Recipient recipient, Instant from, Instant until) {
  /**
   * Validates.
   *
   * @param recipient who
   * @param from start
   * @param until end
   * @throws ValidationException when a value is missing or {@code until} is not after {@code from}
   */
  public OnCallOverride {
    Checks.notNull("override.recipient", recipient);
    Checks.notNull("override.from", from);
    Checks.notNull("override.until", until);
    if (!until.isAfter(from)) {
      throw new ValidationException("override.until", "must be after from (" + from + "), was " + until);
    }
  }

  /**
   * @param at an instant
   * @return whether the override covers it
   */
  public boolean covers(Instant at) {
    return !at.isBefore(from) && at.isBefore(until);
  }
}
