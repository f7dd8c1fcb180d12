package dev.alertkit.event;

import java.time.Instant;

/**
 * Something the client did or learned. Events are immutable values; new kinds may be added in later versions, so a
 * {@code switch} over them should have a {@code default} branch.
 */
public sealed interface AlertEvent
    permits DispatchStarted, DispatchCompleted, DispatchResumed, ChannelSkipped, SendDeferred, DeferredCompleted, AttemptStarted,
        AttemptFinished, RetryScheduled, RetrySkipped, RateLimited, CircuitStateChanged, FallbackTaken,
        DeliveryUpdated, WebhookReceived, IncidentOpened, EscalationStepStarted, IncidentAcknowledged, IncidentResolved,
        IncidentExhausted, AlertAttachedToIncident, AckRejected, ReplyOptOut {

  /** @return when it happened, on the client's clock */
  Instant at();
}
