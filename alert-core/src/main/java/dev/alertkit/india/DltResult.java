package dev.alertkit.india;

import java.util.Objects;
import java.util.Optional;

/** The outcome of checking one SMS against the DLT rules: a {@link DltMatch} or a {@link DltViolation}. */
public final class DltResult {
  private final DltMatch match;
  private final DltViolation violation;

  private DltResult(DltMatch match, DltViolation violation) {
    this.match = match;
    this.violation = violation;
  }

  static DltResult compliant(DltMatch match) {
    return new DltResult(Objects.requireNonNull(match), null);
  }

  static DltResult violation(DltViolation.Code code, String reason) {
    return new DltResult(null, new DltViolation(code, reason));
  }

  /** @return whether the text may be sent */
  public boolean isCompliant() {
    return match != null;
  }

  /** @return the match, when compliant */
  public Optional<DltMatch> match() {
    return Optional.ofNullable(match);
  }

  /** @return the violation, when not compliant */
  public Optional<DltViolation> violation() {
    return Optional.ofNullable(violation);
  }

  @Override
  public String toString() {
    return match != null ? "compliant: " + match : "violation: " + violation;
  }
}
