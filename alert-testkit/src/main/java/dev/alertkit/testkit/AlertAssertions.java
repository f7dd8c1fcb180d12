package dev.alertkit.testkit;

import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.RecipientReport;
import dev.alertkit.SkippedChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ-style assertions for tests of code that raises alerts; one entry point, {@code assertThat}, overloaded
 * for {@link FakeProvider}, {@link DispatchReport}, {@link RecipientReport} and {@link RecordingListener}. Needs
 * AssertJ on the test classpath (an optional dependency of the testkit). When an assertion fails, the message
 * shows what happened instead: the messages a fake received, closest first with what differs (like WireMock's
 * near misses), or the whole report.
 *
 * <pre>{@code
 * import static dev.alertkit.testkit.AlertAssertions.assertThat;
 *
 * assertThat(sms).sentTo("alice").over(Channel.SMS).containing("disk 97%").hasCount(1);
 * assertThat(email).nothingSent();
 * assertThat(report).recipient("bob").isAccepted().fellBackTo(Channel.EMAIL).attemptedChannels(Channel.SMS, Channel.EMAIL);
 * assertThat(report).recipient("carol").failedBecause("invalid 'To' number");
 * assertThat(events).hasDeliveryStatuses("alice", DeliveryStatus.DELIVERED, DeliveryStatus.ACKNOWLEDGED);
 * }</pre>
 */
public final class AlertAssertions {
  private static final String NL = System.lineSeparator();
  private static final int MAX_LISTED = 25;

  private AlertAssertions() {}

  /**
   * Starts assertions on what a fake received.
   *
   * @param fake the fake
   * @return the assertion
   */
  public static FakeProviderAssert assertThat(FakeProvider fake) {
    return new FakeProviderAssert(fake, fake == null ? List.of() : fake.recorded(), List.of());
  }

  /**
   * Starts assertions on a dispatch report.
   *
   * @param report the report
   * @return the assertion
   */
  public static DispatchReportAssert assertThat(DispatchReport report) {
    return new DispatchReportAssert(report);
  }

  /**
   * Starts assertions on one recipient's report.
   *
   * @param report the report
   * @return the assertion
   */
  public static RecipientReportAssert assertThat(RecipientReport report) {
    return new RecipientReportAssert(report);
  }

  /**
   * Starts assertions on what a recording listener heard.
   *
   * @param listener the listener
   * @return the assertion
   */
  public static RecordingListenerAssert assertThat(RecordingListener listener) {
    return new RecordingListenerAssert(listener);
  }

  private static String indent(String text, String prefix) {
    return prefix + text.replace("\n", NL + prefix);
  }

  // =============================================================================================== fake

  /**
   * Assertions on the messages a {@link FakeProvider} received. Narrowing methods ({@link #sentTo},
   * {@link #over}, {@link #containing}...) keep the matching messages and fail when none is left; counting
   * methods ({@link #hasCount}) then check the selection.
   */
  public static final class FakeProviderAssert extends AbstractAssert<FakeProviderAssert, FakeProvider> {
    private final List<RecordedMessage> all;
    private final List<Criterion> criteria;

    private record Criterion(String description, Predicate<RecordedMessage> test) {}

    private FakeProviderAssert(FakeProvider fake, List<RecordedMessage> all, List<Criterion> criteria) {
      super(fake, FakeProviderAssert.class);
      this.all = all;
      this.criteria = criteria;
    }

    private List<RecordedMessage> selected() {
      return all.stream().filter(m -> criteria.stream().allMatch(c -> c.test().test(m))).collect(Collectors.toList());
    }

    private String selection() {
      return criteria.stream().map(Criterion::description).collect(Collectors.joining(" "));
    }

    private FakeProviderAssert narrow(String description, Predicate<RecordedMessage> test) {
      isNotNull();
      List<Criterion> next = new ArrayList<>(criteria);
      next.add(new Criterion(description, test));
      FakeProviderAssert narrowed = new FakeProviderAssert(actual, all, List.copyOf(next));
      if (narrowed.selected().isEmpty()) {
        String wanted = narrowed.selection();
        if (all.isEmpty()) {
          failWithMessage("%s", "Expected " + actual.name() + " to have sent a message " + wanted + ", but it received nothing.");
        }
        failWithMessage("%s", "Expected " + actual.name() + " to have sent a message " + wanted + ", but "
            + (all.size() == 1 ? "its only message did not match." : "none of its " + all.size() + " messages matched.") + NL
            + "Near misses, closest first:" + NL + narrowed.nearMisses());
      }
      return narrowed;
    }

    private String nearMisses() {
      List<RecordedMessage> ranked = new ArrayList<>(all);
      ranked.sort(Comparator.comparingLong((RecordedMessage m) -> -criteria.stream().filter(c -> c.test().test(m)).count())
          .thenComparingInt(RecordedMessage::sequence));
      StringBuilder s = new StringBuilder();
      int n = 0;
      for (RecordedMessage m : ranked) {
        if (n++ == MAX_LISTED) {
          s.append("  ... and ").append(ranked.size() - MAX_LISTED).append(" more").append(NL);
          break;
        }
        String misses = criteria.stream().filter(c -> !c.test().test(m)).map(Criterion::description).collect(Collectors.joining(", "));
        s.append("  ").append(m.describe()).append(NL).append("      does not match: ").append(misses).append(NL);
      }
      return s.toString().stripTrailing();
    }

    private static String list(List<RecordedMessage> messages) {
      if (messages.isEmpty()) {
        return "  (nothing)";
      }
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < messages.size(); i++) {
        if (i == MAX_LISTED) {
          s.append(NL).append("  ... and ").append(messages.size() - MAX_LISTED).append(" more");
          break;
        }
        s.append(i == 0 ? "" : NL).append("  ").append(messages.get(i).describe());
      }
      return s.toString();
    }

    /**
     * Keeps messages to a recipient; fails when there are none.
     *
     * @param recipientId the recipient's id
     * @return an assertion on those messages
     */
    public FakeProviderAssert sentTo(String recipientId) {
      Objects.requireNonNull(recipientId, "recipientId");
      return narrow("to '" + recipientId + "'", m -> m.recipientId().equals(recipientId));
    }

    /**
     * Keeps messages to an address (E.164 number or email); fails when there are none.
     *
     * @param address the address
     * @return an assertion on those messages
     */
    public FakeProviderAssert sentToAddress(String address) {
      Objects.requireNonNull(address, "address");
      return narrow("to address " + address, m -> m.to().equals(address));
    }

    /**
     * Keeps messages over a channel; fails when there are none.
     *
     * @param channel the channel
     * @return an assertion on those messages
     */
    public FakeProviderAssert over(Channel channel) {
      Objects.requireNonNull(channel, "channel");
      return narrow("over " + channel, m -> m.channel() == channel);
    }

    /**
     * Keeps messages of one alert; fails when there are none.
     *
     * @param alertId the alert's id
     * @return an assertion on those messages
     */
    public FakeProviderAssert forAlert(String alertId) {
      Objects.requireNonNull(alertId, "alertId");
      return narrow("for alert " + alertId, m -> m.alertId().equals(alertId));
    }

    /**
     * Keeps messages whose text contains a string; fails when there are none.
     *
     * @param text the expected text
     * @return an assertion on those messages
     */
    public FakeProviderAssert containing(String text) {
      Objects.requireNonNull(text, "text");
      return narrow("containing \"" + text + "\"", m -> m.text().contains(text));
    }

    /**
     * Keeps messages whose email subject contains a string; fails when there are none.
     *
     * @param text the expected text
     * @return an assertion on those messages
     */
    public FakeProviderAssert withSubjectContaining(String text) {
      Objects.requireNonNull(text, "text");
      return narrow("with subject containing \"" + text + "\"", m -> m.subject().contains(text));
    }

    /**
     * Keeps messages the fake accepted; fails when there are none.
     *
     * @return an assertion on those messages
     */
    public FakeProviderAssert accepted() {
      return narrow("that it accepted", RecordedMessage::accepted);
    }

    /**
     * Keeps messages the fake rejected; fails when there are none.
     *
     * @return an assertion on those messages
     */
    public FakeProviderAssert rejected() {
      return narrow("that it rejected", m -> !m.accepted());
    }

    /**
     * Keeps messages whose latest reported delivery status is {@code status}; fails when there are none.
     *
     * @param status the status
     * @return an assertion on those messages
     */
    public FakeProviderAssert withDeliveryStatus(DeliveryStatus status) {
      Objects.requireNonNull(status, "status");
      return narrow("with delivery status " + status, m -> m.deliveryStatus().equals(Optional.of(status)));
    }

    /**
     * Requires exactly {@code n} messages in the selection (all received messages when nothing was narrowed).
     *
     * @param n the count
     * @return this assertion
     */
    public FakeProviderAssert hasCount(int n) {
      isNotNull();
      List<RecordedMessage> selected = selected();
      if (selected.size() != n) {
        String what = criteria.isEmpty() ? "" : " " + selection();
        failWithMessage("%s", "Expected " + actual.name() + " to have sent exactly " + n + (n == 1 ? " message" : " messages") + what
            + " but found " + selected.size() + ":" + NL + list(selected)
            + (criteria.isEmpty() ? "" : NL + "All messages " + actual.name() + " received (" + all.size() + "):" + NL + list(all)));
      }
      return this;
    }

    /**
     * Same as {@link #hasCount}: exactly {@code n} messages in the selection.
     *
     * @param n the count
     * @return this assertion
     */
    public FakeProviderAssert sentExactly(int n) {
      return hasCount(n);
    }

    /**
     * Requires that the fake received nothing at all.
     *
     * @return this assertion
     */
    public FakeProviderAssert nothingSent() {
      isNotNull();
      if (!all.isEmpty()) {
        failWithMessage("%s", "Expected " + actual.name() + " to have sent nothing, but it received " + all.size()
            + (all.size() == 1 ? " message:" : " messages:") + NL + list(all));
      }
      return this;
    }

    /**
     * Requires that the fake received nothing for a recipient.
     *
     * @param recipientId the recipient's id
     * @return this assertion
     */
    public FakeProviderAssert nothingSentTo(String recipientId) {
      isNotNull();
      List<RecordedMessage> to = all.stream().filter(m -> m.recipientId().equals(recipientId)).collect(Collectors.toList());
      if (!to.isEmpty()) {
        failWithMessage("%s", "Expected " + actual.name() + " to have sent nothing to '" + recipientId + "', but it received "
            + to.size() + (to.size() == 1 ? " message:" : " messages:") + NL + list(to));
      }
      return this;
    }
  }

  // =============================================================================================== report

  /** Assertions on a {@link DispatchReport}; failure messages include the whole report. */
  public static final class DispatchReportAssert extends AbstractAssert<DispatchReportAssert, DispatchReport> {
    private DispatchReportAssert(DispatchReport report) {
      super(report, DispatchReportAssert.class);
    }

    private String report() {
      return NL + "Report:" + NL + indent(actual.describe(), "  ");
    }

    /**
     * Moves to one recipient's report.
     *
     * @param recipientId the recipient's id
     * @return an assertion on that recipient's report
     */
    public RecipientReportAssert recipient(String recipientId) {
      isNotNull();
      Optional<RecipientReport> r = actual.recipients().stream().filter(x -> x.recipientId().equals(recipientId)).findFirst();
      if (r.isEmpty()) {
        failWithMessage("%s", "Expected alert " + actual.alertId() + " to have a recipient '" + recipientId + "' but its recipients are "
            + actual.outcomes().keySet() + report());
      }
      return new RecipientReportAssert(r.get()).describedAs("alert " + actual.alertId());
    }

    /**
     * Requires a recipient's final outcome.
     *
     * @param recipientId the recipient's id
     * @param outcome the expected outcome
     * @return this assertion
     */
    public DispatchReportAssert hasOutcome(String recipientId, Outcome outcome) {
      recipient(recipientId).hasOutcome(outcome);
      return this;
    }

    /**
     * Requires the same final outcome for every recipient.
     *
     * @param outcome the expected outcome
     * @return this assertion
     */
    public DispatchReportAssert allRecipients(Outcome outcome) {
      isNotNull();
      List<String> others = actual.recipients().stream().filter(r -> r.outcome() != outcome)
          .map(r -> r.recipientId() + "=" + r.outcome()).collect(Collectors.toList());
      if (!others.isEmpty()) {
        failWithMessage("%s", "Expected every recipient of alert " + actual.alertId() + " to end " + outcome + " but " + others + report());
      }
      return this;
    }

    /**
     * Requires the outcomes of all recipients, in recipient order.
     *
     * @param outcomes recipient id to outcome, e.g. {@code Map.of("alice", ACCEPTED)}; compared regardless of order
     * @return this assertion
     */
    public DispatchReportAssert hasOutcomes(Map<String, Outcome> outcomes) {
      isNotNull();
      if (!actual.outcomes().equals(outcomes)) {
        failWithMessage("%s", "Expected outcomes " + outcomes + " for alert " + actual.alertId() + " but were " + actual.outcomes() + report());
      }
      return this;
    }

    /**
     * Requires a number of attempts over all recipients.
     *
     * @param n the count
     * @return this assertion
     */
    public DispatchReportAssert hasAttemptCount(int n) {
      isNotNull();
      if (actual.attemptCount() != n) {
        failWithMessage("%s", "Expected " + n + " attempts for alert " + actual.alertId() + " but there were " + actual.attemptCount() + report());
      }
      return this;
    }
  }

  /** Assertions on a {@link RecipientReport}; failure messages include the recipient's trace. */
  public static final class RecipientReportAssert extends AbstractAssert<RecipientReportAssert, RecipientReport> {
    private RecipientReportAssert(RecipientReport report) {
      super(report, RecipientReportAssert.class);
    }

    private String trace() {
      return NL + "Report:" + NL + indent(actual.describe(), "  ");
    }

    private String who() {
      return "'" + actual.recipientId() + "'";
    }

    /**
     * Requires the final outcome.
     *
     * @param outcome the expected outcome
     * @return this assertion
     */
    public RecipientReportAssert hasOutcome(Outcome outcome) {
      isNotNull();
      if (actual.outcome() != outcome) {
        failWithMessage("%s", "Expected " + who() + " to end " + outcome + " but it ended " + actual.outcome()
            + actual.reason().map(r -> " (" + r + ")").orElse("") + trace());
      }
      return this;
    }

    /** @return this assertion, after requiring {@link Outcome#ACCEPTED} */
    public RecipientReportAssert isAccepted() {
      return hasOutcome(Outcome.ACCEPTED);
    }

    /** @return this assertion, after requiring {@link Outcome#DELIVERED} */
    public RecipientReportAssert isDelivered() {
      return hasOutcome(Outcome.DELIVERED);
    }

    /** @return this assertion, after requiring {@link Outcome#FAILED} */
    public RecipientReportAssert isFailed() {
      return hasOutcome(Outcome.FAILED);
    }

    /** @return this assertion, after requiring {@link Outcome#SUPPRESSED} */
    public RecipientReportAssert isSuppressed() {
      return hasOutcome(Outcome.SUPPRESSED);
    }

    /** @return this assertion, after requiring {@link Outcome#DEFERRED} */
    public RecipientReportAssert isDeferred() {
      return hasOutcome(Outcome.DEFERRED);
    }

    /** @return this assertion, after requiring {@link Outcome#NOT_SENT} */
    public RecipientReportAssert isNotSent() {
      return hasOutcome(Outcome.NOT_SENT);
    }

    /**
     * Requires {@link Outcome#FAILED} with a reason containing a text.
     *
     * @param reasonPart expected part of the reason
     * @return this assertion
     */
    public RecipientReportAssert failedBecause(String reasonPart) {
      return hasOutcome(Outcome.FAILED).hasReasonContaining(reasonPart);
    }

    /**
     * Requires {@link Outcome#SUPPRESSED} with a reason containing a text.
     *
     * @param reasonPart expected part of the reason
     * @return this assertion
     */
    public RecipientReportAssert suppressedBecause(String reasonPart) {
      return hasOutcome(Outcome.SUPPRESSED).hasReasonContaining(reasonPart);
    }

    /**
     * Requires a reason containing a text (the outcome may be anything).
     *
     * @param reasonPart expected part of the reason
     * @return this assertion
     */
    public RecipientReportAssert hasReasonContaining(String reasonPart) {
      isNotNull();
      Objects.requireNonNull(reasonPart, "reasonPart");
      if (actual.reason().filter(r -> r.contains(reasonPart)).isEmpty()) {
        failWithMessage("%s", "Expected the reason for " + who() + " to contain \"" + reasonPart + "\" but it was "
            + actual.reason().map(r -> "\"" + r + "\"").orElse("absent") + trace());
      }
      return this;
    }

    /**
     * Requires exactly these channels to have been attempted, in this order (each counted once).
     *
     * @param channels the channels
     * @return this assertion
     */
    public RecipientReportAssert attemptedChannels(Channel... channels) {
      isNotNull();
      if (!actual.channelsTried().equals(Arrays.asList(channels))) {
        failWithMessage("%s", "Expected " + who() + " to have been tried over " + Arrays.toString(channels) + " in that order but was tried over "
            + actual.channelsTried() + trace());
      }
      return this;
    }

    /**
     * Requires that a later tier attempted a channel, i.e. the recipient fell back to it.
     *
     * @param channel the fallback channel
     * @return this assertion
     */
    public RecipientReportAssert fellBackTo(Channel channel) {
      isNotNull();
      boolean fell = actual.attempts().stream().anyMatch(a -> a.channel() == channel && a.tier() > 0);
      if (!fell) {
        String tried = actual.attempts().stream().map(a -> a.channel() + " (tier " + a.tier() + ")").collect(Collectors.joining(", "));
        failWithMessage("%s", "Expected " + who() + " to have fallen back to " + channel + " but the attempts were: "
            + (tried.isEmpty() ? "none" : tried) + trace());
      }
      return this;
    }

    /**
     * Requires an accepted attempt over a channel.
     *
     * @param channel the channel
     * @return this assertion
     */
    public RecipientReportAssert acceptedOver(Channel channel) {
      isNotNull();
      if (actual.attempts().stream().noneMatch(a -> a.accepted() && a.channel() == channel)) {
        failWithMessage("%s", "Expected a provider to have accepted " + channel + " for " + who() + " but none did" + trace());
      }
      return this;
    }

    /**
     * Requires an attempt over a channel whose failure reason contains a text.
     *
     * @param channel the channel
     * @param reasonPart expected part of the failure's reason
     * @return this assertion
     */
    public RecipientReportAssert failedOver(Channel channel, String reasonPart) {
      isNotNull();
      boolean found = actual.attempts().stream().filter(a -> a.channel() == channel).map(Attempt::failure)
          .anyMatch(f -> f.isPresent() && f.get().reason().contains(reasonPart));
      if (!found) {
        failWithMessage("%s", "Expected " + channel + " to have failed for " + who() + " because \"" + reasonPart + "\"" + trace());
      }
      return this;
    }

    /**
     * Requires a skipped channel whose reason contains a text.
     *
     * @param channel the channel
     * @param reasonPart expected part of the skip reason
     * @return this assertion
     */
    public RecipientReportAssert skipped(Channel channel, String reasonPart) {
      isNotNull();
      boolean found = actual.skipped().stream().filter(k -> k.channel() == channel).map(SkippedChannel::reason).anyMatch(r -> r.contains(reasonPart));
      if (!found) {
        failWithMessage("%s", "Expected " + channel + " to have been skipped for " + who() + " because \"" + reasonPart + "\" but skips were "
            + actual.skipped() + trace());
      }
      return this;
    }

    /**
     * Requires a deferred send due at an instant.
     *
     * @param due the expected due time
     * @return this assertion
     */
    public RecipientReportAssert deferredUntil(Instant due) {
      isDeferred();
      if (!actual.deferredUntil().equals(Optional.of(due))) {
        failWithMessage("%s", "Expected " + who() + " to be deferred until " + due + " but it is due " + actual.deferredUntil().map(Instant::toString).orElse("never") + trace());
      }
      return this;
    }
  }

  // =============================================================================================== listener

  /** Assertions on what a {@link RecordingListener} heard; failure messages list the events. */
  public static final class RecordingListenerAssert extends AbstractAssert<RecordingListenerAssert, RecordingListener> {
    private RecordingListenerAssert(RecordingListener listener) {
      super(listener, RecordingListenerAssert.class);
    }

    private String deliveryEvents() {
      List<DeliveryEvent> events = actual.deliveryEvents();
      if (events.isEmpty()) {
        return NL + "Delivery events received: none";
      }
      StringBuilder s = new StringBuilder(NL).append("Delivery events received (").append(events.size()).append("):");
      for (DeliveryEvent e : events) {
        s.append(NL).append("  ").append(RecordingListener.describe(new dev.alertkit.event.DeliveryUpdated(e.occurredAt(), e)));
      }
      return s.toString();
    }

    /**
     * Requires a delivery event with a status for a recipient.
     *
     * @param recipientId the recipient's id
     * @param status the status
     * @return this assertion
     */
    public RecordingListenerAssert hasDeliveryEvent(String recipientId, DeliveryStatus status) {
      isNotNull();
      if (actual.deliveryEventsFor(recipientId).stream().noneMatch(e -> e.status() == status)) {
        failWithMessage("%s", "Expected a " + status + " delivery event for '" + recipientId + "'" + deliveryEvents());
      }
      return this;
    }

    /**
     * Requires exactly these delivery statuses for a recipient, in this order.
     *
     * @param recipientId the recipient's id
     * @param statuses the statuses
     * @return this assertion
     */
    public RecordingListenerAssert hasDeliveryStatuses(String recipientId, DeliveryStatus... statuses) {
      isNotNull();
      List<DeliveryStatus> got = actual.deliveryEventsFor(recipientId).stream().map(DeliveryEvent::status).collect(Collectors.toList());
      if (!got.equals(Arrays.asList(statuses))) {
        failWithMessage("%s", "Expected delivery statuses " + Arrays.toString(statuses) + " for '" + recipientId + "' but got " + got
            + deliveryEvents());
      }
      return this;
    }

    /**
     * Requires that no delivery event was received.
     *
     * @return this assertion
     */
    public RecordingListenerAssert hasNoDeliveryEvents() {
      isNotNull();
      if (!actual.deliveryEvents().isEmpty()) {
        failWithMessage("%s", "Expected no delivery events" + deliveryEvents());
      }
      return this;
    }

    /**
     * Requires a number of completed dispatches.
     *
     * @param n the count
     * @return this assertion
     */
    public RecordingListenerAssert hasCompletedDispatches(int n) {
      isNotNull();
      int got = actual.reports().size();
      if (got != n) {
        failWithMessage("%s", "Expected " + n + " completed dispatches but there were " + got + NL + "Events:" + NL + indent(actual.describe(), "  "));
      }
      return this;
    }

    /**
     * Requires at least one event of a type.
     *
     * @param type e.g. {@code FallbackTaken.class}
     * @return this assertion
     */
    public RecordingListenerAssert hasEvent(Class<? extends dev.alertkit.event.AlertEvent> type) {
      isNotNull();
      if (actual.events(type).isEmpty()) {
        failWithMessage("%s", "Expected a " + type.getSimpleName() + " event" + NL + "Events:" + NL + indent(actual.describe(), "  "));
      }
      return this;
    }
  }
}
