package dev.alertkit.internal;

import dev.alertkit.cost.CostEstimate;
import dev.alertkit.cost.CostEstimator;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.Failure;
import dev.alertkit.spi.ComplianceGuard;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.support.SmsSegments;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The preparer stage: runs the compliance guards in order over a rendered message (a guard may replace it, e.g. the
 * India DLT guard renders a template), adds the SMS encoding and, when the client has prices, the cost estimate of the
 * message as it will be sent. Holds no per-alert state; the engine knows no guard.
 * Thread-safe.
 */
public final class Preparer {
  private static final Logger LOG = LoggerFactory.getLogger(Preparer.class);
  private final List<ComplianceGuard> guards;
  private final Clock clock;
  private final Optional<CostEstimator> estimator;

  /**
   * Creates the preparer without prices.
   *
   * @param guards the guards, in order
   * @param clock stamps rejected attempts
   */
  public Preparer(List<ComplianceGuard> guards, Clock clock) {
    this(guards, clock, Optional.empty());
  }

  /**
   * Creates the preparer.
   *
   * @param guards the guards, in order
   * @param clock stamps rejected attempts
   * @param estimator estimates each prepared message, when the client has prices
   */
  public Preparer(List<ComplianceGuard> guards, Clock clock, Optional<CostEstimator> estimator) {
    this.guards = List.copyOf(guards);
    this.clock = clock;
    this.estimator = Objects.requireNonNull(estimator, "estimator");
  }

  /**
   * What preparing a message gave: the message to send, or the attempt that records why it is not sent.
   *
   * @param message the message to send, when ready
   * @param rejected the failed attempt, when a guard (or a content rule) refused the message
   * @param byPolicy whether a compliance guard refused it (the recipient may then end SUPPRESSED)
   * @param cost the estimate of the message to send, when the client has prices (never for a rejection)
   */
  public record Prepared(Optional<OutboundMessage> message, Optional<Attempt> rejected, boolean byPolicy, Optional<CostEstimate> cost) {
    /**
     * Validates.
     *
     * @param message the message
     * @param rejected the rejection
     * @param byPolicy whether a guard refused it
     * @param cost the estimate
     */
    public Prepared {
      if (message.isPresent() == rejected.isPresent()) {
        throw new IllegalArgumentException("exactly one of message and rejected");
      }
      if (cost.isPresent() && message.isEmpty()) {
        throw new IllegalArgumentException("a rejection has no cost");
      }
    }
  }

  /**
   * Prepares one message.
   *
   * @param rendered the rendered message
   * @param tier the routing tier, from 0
   * @param startedAt when the tier started (the time the guards judge by)
   * @return the message to send, or the rejected attempt
   */
  public Prepared prepare(OutboundMessage rendered, int tier, Instant startedAt) {
    OutboundMessage m = rendered;
    for (ComplianceGuard g : guards) {
      ComplianceGuard.Verdict v;
      try {
        v = Objects.requireNonNull(g.check(m, startedAt), "guard returned null");
      } catch (RuntimeException e) {
        LOG.error("compliance guard {} threw for alert {}", g.name(), m.alert().id(), e);
        v = ComplianceGuard.Verdict.reject(Failure.permanent(Failure.Fault.CONTENT,
            "compliance guard " + g.name() + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()).build());
      }
      if (v.failure().isPresent()) {
        return new Prepared(Optional.empty(), Optional.of(failed(m, g.name(), tier, v.failure().get(), startedAt)), true, Optional.empty());
      }
      m = v.message().orElseThrow();
    }
    if (m.channel() == Channel.SMS && m.text().isBlank()) {
      return new Prepared(Optional.empty(), Optional.of(failed(m, "alertkit", tier, Failure.permanent(Failure.Fault.CONTENT,
          "the SMS content is a template id without text and no compliance guard rendered it; configure the guard that "
              + "owns the template (e.g. .compliance(IndiaDlt.of(registry)))").build(), startedAt)), false, Optional.empty());
    }
    if (m.channel() == Channel.SMS && m.smsEncoding().isEmpty()) {
      m = m.toBuilder().smsEncoding(SmsSegments.analyze(m.text())).build();
    }
    OutboundMessage ready = m;
    Optional<CostEstimate> cost = estimator.flatMap(e -> estimate(e, ready));
    return new Prepared(Optional.of(m), Optional.empty(), false, cost);
  }

  private static Optional<CostEstimate> estimate(CostEstimator e, OutboundMessage m) {
    try {
      return Optional.of(e.estimate(m));
    } catch (RuntimeException ex) {
      // an estimate is information, never a reason not to page
      LOG.warn("alert {}: no cost estimate for attempt {}: {}", m.alert().id(), m.attemptId(), ex.toString());
      return Optional.empty();
    }
  }

  /**
   * An attempt that made no request.
   *
   * @param m the message
   * @param by who decided (a guard's name, or "alertkit")
   * @param tier the tier
   * @param f the failure
   * @param started when the tier started
   * @return the attempt
   */
  Attempt failed(OutboundMessage m, String by, int tier, Failure f, Instant started) {
    return new Attempt(m.attemptId(), m.channel(), tier, by, m.to(), false, Optional.empty(), Optional.empty(),
        Optional.of(f), 0, false, m.smsEncoding(), started, clock.instant());
  }
}
