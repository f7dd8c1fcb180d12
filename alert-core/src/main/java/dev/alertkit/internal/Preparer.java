package dev.alertkit.internal;

import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.Failure;
import dev.alertkit.spi.ComplianceGuard;
import dev.alertkit.spi.OutboundMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The preparer stage: runs the compliance guards in order over a rendered message (a guard may replace it, e.g. the
 * India DLT guard renders a template) and adds the SMS encoding. Holds no per-alert state; the engine knows no guard.
 * Thread-safe.
 */
public final class Preparer {
  private static final Logger LOG = LoggerFactory.getLogger(Preparer.class);
  private final List<ComplianceGuard> guards;
  private final Clock clock;

  /**
   * Creates the preparer.
   *
   * @param guards the guards, in order
   * @param clock stamps rejected attempts
   */
  public Preparer(List<ComplianceGuard> guards, Clock clock) {
    this.guards = List.copyOf(guards);
    this.clock = clock;
  }

  /**
   * What preparing a message gave: the message to send, or the attempt that records why it is not sent.
   *
   * @param message the message to send, when ready
   * @param rejected the failed attempt, when a guard (or a content rule) refused the message
   * @param byPolicy whether a compliance guard refused it (the recipient may then end SUPPRESSED)
   */
  public record Prepared(Optional<OutboundMessage> message, Optional<Attempt> rejected, boolean byPolicy) {
    /**
     * Validates.
     *
     * @param message the message
     * @param rejected the rejection
     * @param byPolicy whether a guard refused it
     */
    public Prepared {
      if (message.isPresent() == rejected.isPresent()) {
        throw new IllegalArgumentException("exactly one of message and rejected");
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
        return new Prepared(Optional.empty(), Optional.of(failed(m, g.name(), tier, v.failure().get(), startedAt)), true);
      }
      m = v.message().orElseThrow();
    }
    if (m.channel() == Channel.SMS && m.text().isBlank()) {
      return new Prepared(Optional.empty(), Optional.of(failed(m, "alertkit", tier, Failure.permanent(Failure.Fault.CONTENT,
          "the SMS content is a template id without text and no compliance guard rendered it; configure the guard that "
              + "owns the template (e.g. .compliance(IndiaDlt.of(registry)))").build(), startedAt)), false);
    }
    if (m.channel() == Channel.SMS && m.smsEncoding().isEmpty()) {
      m = m.toBuilder().smsEncoding(SmsSegments.analyze(m.text())).build();
    }
    return new Prepared(Optional.of(m), Optional.empty(), false);
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
