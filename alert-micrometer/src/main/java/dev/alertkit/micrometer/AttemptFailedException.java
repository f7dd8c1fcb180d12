package dev.alertkit.micrometer;

import dev.alertkit.Failure;
import java.util.Objects;

/**
 * Set as the error of an {@code alertkit.attempt} observation whose attempt failed, so that tracing marks the span
 * as failed. Never thrown. Its message names the failure's kind, fault, provider code and HTTP status, never its
 * reason text (which may quote an address); the {@link #failure()} is there for handlers that want more.
 */
public final class AttemptFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Failure failure;

  /**
   * Creates the error (without a stack trace: it marks a value, it is not thrown).
   *
   * @param failure the attempt's failure
   * @throws NullPointerException when failure is null
   */
  public AttemptFailedException(Failure failure) {
    super(describe(Objects.requireNonNull(failure, "failure")), null, false, false);
    this.failure = failure;
  }

  private static String describe(Failure f) {
    StringBuilder s = new StringBuilder().append(f.kind()).append('/').append(f.fault());
    f.providerCode().ifPresent(c -> s.append(" [code ").append(c).append(']'));
    f.httpStatus().ifPresent(h -> s.append(" [HTTP ").append(h).append(']'));
    return s.toString();
  }

  /** @return the failure, as in the report (null after deserialisation) */
  public Failure failure() {
    return failure;
  }
}
