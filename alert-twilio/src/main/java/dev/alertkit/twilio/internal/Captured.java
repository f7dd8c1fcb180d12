package dev.alertkit.twilio.internal;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one SDK call run through {@link TwilioHttpClient#capture}: the SDK's return value or the
 * exception it threw, plus the raw {@link Exchange}.
 *
 * @param <T> the SDK's resource type
 * @param value the resource, when the SDK returned normally
 * @param error the exception, when the SDK threw
 * @param exchange what happened on the wire
 */
public record Captured<T>(Optional<T> value, Optional<RuntimeException> error, Exchange exchange) {
  /**
   * Validates.
   *
   * @throws NullPointerException when an argument is null
   */
  public Captured {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(exchange, "exchange");
  }
}
