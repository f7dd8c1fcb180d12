package dev.alertkit.micrometer;

import dev.alertkit.Alert;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@code alertkit.attempt} observation knows: one recipient's try over one channel through one provider, and
 * the {@link Attempt} as it appears in the report once it ended. Conventions read it; it is filled by
 * {@link AlertkitMetrics}.
 */
public final class AttemptObservationContext extends Observation.Context {
  private final Alert alert;
  private final Recipient recipient;
  private final Channel channel;
  private final String provider;
  private final String attemptId;
  private volatile Attempt attempt;

  /**
   * Creates the context of one attempt.
   *
   * @param alert the alert
   * @param recipient the recipient
   * @param channel the channel
   * @param provider the provider's (or compliance guard's) configured name
   * @param attemptId the attempt id
   * @throws NullPointerException when a value is null
   */
  public AttemptObservationContext(Alert alert, Recipient recipient, Channel channel, String provider, String attemptId) {
    this.alert = Objects.requireNonNull(alert, "alert");
    this.recipient = Objects.requireNonNull(recipient, "recipient");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.attemptId = Objects.requireNonNull(attemptId, "attemptId");
  }

  /** @return the alert */
  public Alert alert() {
    return alert;
  }

  /** @return the recipient (its id and addresses are high-cardinality: never use them as low-cardinality values) */
  public Recipient recipient() {
    return recipient;
  }

  /** @return the channel */
  public Channel channel() {
    return channel;
  }

  /** @return the provider's configured name */
  public String provider() {
    return provider;
  }

  /** @return the attempt id, which the provider's delivery reports carry back */
  public String attemptId() {
    return attemptId;
  }

  /** @return the attempt as reported, once it ended */
  public Optional<Attempt> attempt() {
    return Optional.ofNullable(attempt);
  }

  /**
   * Sets the attempt when it ends.
   *
   * @param attempt the attempt
   * @throws NullPointerException when attempt is null
   */
  public void attempt(Attempt attempt) {
    this.attempt = Objects.requireNonNull(attempt, "attempt");
  }
}
