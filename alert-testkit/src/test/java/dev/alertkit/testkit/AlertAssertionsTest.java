package dev.alertkit.testkit;

import static dev.alertkit.testkit.AlertAssertions.assertThat;
import static dev.alertkit.testkit.Fixtures.alert;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Failure;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every assertion, passing and failing; failure messages are asserted in full where they show near misses. */
class AlertAssertionsTest {
  private static final String NL = System.lineSeparator();
  private static final Failure INVALID_NUMBER = Failure.permanent(Failure.Fault.RECIPIENT, "invalid 'To' number").providerCode("21211").build();

  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final RecordingListener events = new RecordingListener();
  private final FakeProvider sms = FakeProvider.sms();
  private final FakeProvider email = FakeProvider.email();
  private AlertClient client;
  private DispatchReport report;

  private static String lines(String... lines) {
    return String.join(NL, lines);
  }

  @BeforeEach
  void sendOneAlert() {
    // Given bob's SMS is rejected, so bob falls back to email
    sms.failWhen(m -> m.recipient().id().equals("bob"), INVALID_NUMBER);
    client = Fixtures.client(clock, events, sms, email);
    report = client.send(alert("a-1", clock, Channel.SMS, Channel.EMAIL));
  }

  @AfterEach
  void close() {
    client.close();
  }

  // ------------------------------------------------------------------------------------------------ fakes

  @Test
  void fakeAssertionsPassForWhatWasSent() {
    assertThat(sms).hasCount(2).sentTo("alice").over(Channel.SMS).containing("disk 97%").accepted().hasCount(1);
    assertThat(sms).sentTo("bob").rejected().hasCount(1);
    assertThat(sms).sentToAddress("+14155550100").forAlert("a-1").sentExactly(1);
    assertThat(email).sentTo("bob").withSubjectContaining("db-1 disk 97% full").hasCount(1);
    assertThat(email).nothingSentTo("alice");
    assertThat(FakeProvider.voice()).nothingSent().hasCount(0);
    sms.deliverAll();
    assertThat(sms).withDeliveryStatus(DeliveryStatus.DELIVERED).sentTo("alice");
  }

  @Test
  void sentToFailureListsNearMissesClosestFirstWithWhatDiffers() {
    assertThatThrownBy(() -> assertThat(sms).sentTo("alice").over(Channel.SMS).containing("disk 98%"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(lines(
            "Expected fake-sms to have sent a message to 'alice' over SMS containing \"disk 98%\", but none of its 2 messages matched.",
            "Near misses, closest first:",
            "  #1 SMS to 'alice' (+14155550100) alert=a-1 \"[CRITICAL] db-1 disk 97% full\\nRunbook: https://runbooks.example.com/disk\" -> "
                + "accepted id=fake-sms-1 status=QUEUED",
            "      does not match: containing \"disk 98%\"",
            "  #2 SMS to 'bob' (+919812345678) alert=a-1 \"[CRITICAL] db-1 disk 97% full\\nRunbook: https://runbooks.example.com/disk\" -> "
                + "rejected PERMANENT/RECIPIENT: invalid 'To' number [code 21211]",
            "      does not match: to 'alice', containing \"disk 98%\""));
  }

  @Test
  void sentToFailureOnAnEmptyFakeSaysItReceivedNothing() {
    assertThatThrownBy(() -> assertThat(FakeProvider.voice()).sentTo("alice"))
        .hasMessage("Expected fake-voice to have sent a message to 'alice', but it received nothing.");
  }

  @Test
  void emailNearMissShowsTheSubject() {
    assertThatThrownBy(() -> assertThat(email).withSubjectContaining("CPU"))
        .hasMessage(lines(
            "Expected fake-email to have sent a message with subject containing \"CPU\", but its only message did not match.",
            "Near misses, closest first:",
            "  #1 EMAIL to 'bob' (bob@example.com) alert=a-1 subject=\"[CRITICAL] db-1 disk 97% full\" "
                + "\"Runbook: https://runbooks.example.com/disk\" -> accepted id=fake-email-1 status=QUEUED",
            "      does not match: with subject containing \"CPU\""));
  }

  @Test
  void countFailureShowsTheSelectionAndEverythingReceived() {
    assertThatThrownBy(() -> assertThat(sms).sentTo("alice").hasCount(2))
        .hasMessage(lines(
            "Expected fake-sms to have sent exactly 2 messages to 'alice' but found 1:",
            "  #1 SMS to 'alice' (+14155550100) alert=a-1 \"[CRITICAL] db-1 disk 97% full\\nRunbook: https://runbooks.example.com/disk\" -> "
                + "accepted id=fake-sms-1 status=QUEUED",
            "All messages fake-sms received (2):",
            "  #1 SMS to 'alice' (+14155550100) alert=a-1 \"[CRITICAL] db-1 disk 97% full\\nRunbook: https://runbooks.example.com/disk\" -> "
                + "accepted id=fake-sms-1 status=QUEUED",
            "  #2 SMS to 'bob' (+919812345678) alert=a-1 \"[CRITICAL] db-1 disk 97% full\\nRunbook: https://runbooks.example.com/disk\" -> "
                + "rejected PERMANENT/RECIPIENT: invalid 'To' number [code 21211]"));
  }

  @Test
  void nothingSentFailureListsWhatWasSent() {
    assertThatThrownBy(() -> assertThat(email).nothingSent())
        .hasMessage(lines(
            "Expected fake-email to have sent nothing, but it received 1 message:",
            "  #1 EMAIL to 'bob' (bob@example.com) alert=a-1 subject=\"[CRITICAL] db-1 disk 97% full\" "
                + "\"Runbook: https://runbooks.example.com/disk\" -> accepted id=fake-email-1 status=QUEUED"));
    assertThatThrownBy(() -> assertThat(email).nothingSentTo("bob"))
        .hasMessageStartingWith("Expected fake-email to have sent nothing to 'bob', but it received 1 message:" + NL + "  #1 EMAIL to 'bob'");
  }

  @Test
  void narrowingByStatusAcceptanceAndAlertExplainsTheMiss() {
    assertThatThrownBy(() -> assertThat(sms).withDeliveryStatus(DeliveryStatus.DELIVERED))
        .hasMessageContaining("to have sent a message with delivery status DELIVERED, but none of its 2 messages matched.")
        .hasMessageContaining("does not match: with delivery status DELIVERED");
    assertThatThrownBy(() -> assertThat(email).rejected()).hasMessageContaining("does not match: that it rejected");
    assertThatThrownBy(() -> assertThat(sms).sentTo("bob").accepted()).hasMessageContaining("does not match: that it accepted");
    assertThatThrownBy(() -> assertThat(sms).forAlert("a-2")).hasMessageContaining("does not match: for alert a-2");
    assertThatThrownBy(() -> assertThat(sms).sentToAddress("+15005550006")).hasMessageContaining("does not match: to address +15005550006");
  }

  // ------------------------------------------------------------------------------------------------ reports

  @Test
  void reportAssertionsPassForWhatHappened() {
    assertThat(report)
        .hasOutcome("alice", Outcome.ACCEPTED)
        .hasOutcomes(Map.of("alice", Outcome.ACCEPTED, "bob", Outcome.ACCEPTED))
        .allRecipients(Outcome.ACCEPTED)
        .hasAttemptCount(3);
    assertThat(report).recipient("bob").isAccepted().fellBackTo(Channel.EMAIL).attemptedChannels(Channel.SMS, Channel.EMAIL)
        .acceptedOver(Channel.EMAIL).failedOver(Channel.SMS, "invalid 'To' number");
    assertThat(report.recipient("alice")).attemptedChannels(Channel.SMS).acceptedOver(Channel.SMS);
  }

  @Test
  void outcomeFailureShowsTheRecipientsTrace() {
    assertThatThrownBy(() -> assertThat(report).recipient("bob").isFailed())
        .hasMessage(lines(
            "[alert a-1] Expected 'bob' to end FAILED but it ended ACCEPTED",
            "Report:",
            "  bob: ACCEPTED  rule=requested-channels  plan=SMS -> EMAIL",
            "    SMS via fake-sms: PERMANENT/RECIPIENT: invalid 'To' number [code 21211]",
            "    EMAIL via fake-email: accepted id=fake-email-1 status=queued"));
  }

  @Test
  void fallbackAndChannelOrderFailuresShowTheAttempts() {
    assertThatThrownBy(() -> assertThat(report).recipient("alice").fellBackTo(Channel.EMAIL))
        .hasMessageStartingWith("[alert a-1] Expected 'alice' to have fallen back to EMAIL but the attempts were: SMS (tier 0)" + NL + "Report:");
    assertThatThrownBy(() -> assertThat(report).recipient("bob").attemptedChannels(Channel.EMAIL, Channel.SMS))
        .hasMessageStartingWith("[alert a-1] Expected 'bob' to have been tried over [EMAIL, SMS] in that order but was tried over [SMS, EMAIL]");
    assertThatThrownBy(() -> assertThat(report).recipient("alice").acceptedOver(Channel.EMAIL))
        .hasMessageContaining("Expected a provider to have accepted EMAIL for 'alice' but none did");
    assertThatThrownBy(() -> assertThat(report).recipient("alice").failedOver(Channel.SMS, "timeout"))
        .hasMessageContaining("Expected SMS to have failed for 'alice' because \"timeout\"");
  }

  @Test
  void failedBecauseAndSuppressedBecauseCheckOutcomeAndReason() {
    // Given every channel fails for everyone
    sms.reset();
    sms.failWhen(m -> true, INVALID_NUMBER);
    email.failWhen(m -> true, Failure.permanent(Failure.Fault.RECIPIENT, "mailbox does not exist").build());
    DispatchReport failed = client.send(alert("a-2", clock, Channel.SMS, Channel.EMAIL));

    assertThat(failed).allRecipients(Outcome.FAILED);
    assertThat(failed).recipient("alice").failedBecause("mailbox does not exist").hasReasonContaining("invalid 'To' number");
    assertThatThrownBy(() -> assertThat(failed).recipient("alice").failedBecause("quota"))
        .hasMessageStartingWith("[alert a-2] Expected the reason for 'alice' to contain \"quota\" but it was \"every planned channel failed: "
            + "SMS via fake-sms: invalid 'To' number; EMAIL via fake-email: mailbox does not exist\"");
    assertThatThrownBy(() -> assertThat(failed).recipient("alice").suppressedBecause("dedup"))
        .hasMessageStartingWith("[alert a-2] Expected 'alice' to end SUPPRESSED but it ended FAILED (every planned channel failed");
    assertThatThrownBy(() -> assertThat(report).recipient("alice").hasReasonContaining("x"))
        .hasMessageContaining("Expected the reason for 'alice' to contain \"x\" but it was absent");
  }

  @Test
  void skippedAssertionChecksChannelAndReason() {
    dev.alertkit.Recipient carol = dev.alertkit.Recipient.builder("carol").phone("+14155550101").optOut(Channel.WHATSAPP).build();
    DispatchReport whatsapp = Fixtures.client(clock, events, FakeProvider.whatsapp()).send(dev.alertkit.Alert.builder().id("a-3")
        .severity(dev.alertkit.Severity.WARNING).title("disk 90%").recipient(carol).channels(Channel.WHATSAPP).createdAt(clock).build());
    assertThat(whatsapp).recipient("carol").isFailed().skipped(Channel.WHATSAPP, "opted out");
    assertThatThrownBy(() -> assertThat(whatsapp).recipient("carol").skipped(Channel.WHATSAPP, "quiet hours"))
        .hasMessageStartingWith("[alert a-3] Expected WHATSAPP to have been skipped for 'carol' because \"quiet hours\" but skips were "
            + "[WHATSAPP skipped: recipient opted out of WHATSAPP]");
  }

  @Test
  void reportLevelFailuresIncludeTheWholeReport() {
    assertThatThrownBy(() -> assertThat(report).recipient("carol"))
        .hasMessageStartingWith("Expected alert a-1 to have a recipient 'carol' but its recipients are [alice, bob]" + NL + "Report:" + NL
            + "  alert a-1 {ACCEPTED=2}");
    assertThatThrownBy(() -> assertThat(report).allRecipients(Outcome.DELIVERED))
        .hasMessageStartingWith("Expected every recipient of alert a-1 to end DELIVERED but [alice=ACCEPTED, bob=ACCEPTED]");
    assertThatThrownBy(() -> assertThat(report).hasOutcome("alice", Outcome.SUPPRESSED))
        .hasMessageContaining("Expected 'alice' to end SUPPRESSED but it ended ACCEPTED");
    assertThatThrownBy(() -> assertThat(report).hasOutcomes(Map.of("alice", Outcome.FAILED)))
        .hasMessageStartingWith("Expected outcomes {alice=FAILED} for alert a-1 but were {alice=ACCEPTED, bob=ACCEPTED}");
    assertThatThrownBy(() -> assertThat(report).hasAttemptCount(2))
        .hasMessageStartingWith("Expected 2 attempts for alert a-1 but there were 3" + NL + "Report:");
  }

  // ------------------------------------------------------------------------------------------------ listener

  @Test
  void deliveryEventAssertionsPassForWhatTheFakesReported() {
    assertThat(events).hasNoDeliveryEvents().hasCompletedDispatches(1).hasEvent(dev.alertkit.event.FallbackTaken.class);
    sms.deliver("fake-sms-1");
    sms.acknowledge("fake-sms-1");
    assertThat(events)
        .hasDeliveryEvent("alice", DeliveryStatus.DELIVERED)
        .hasDeliveryStatuses("alice", DeliveryStatus.DELIVERED, DeliveryStatus.ACKNOWLEDGED)
        .hasDeliveryStatuses("bob");
  }

  @Test
  void deliveryEventFailuresListTheEventsReceived() {
    sms.deliver("fake-sms-1");
    assertThatThrownBy(() -> assertThat(events).hasDeliveryEvent("bob", DeliveryStatus.DELIVERED))
        .hasMessage(lines(
            "Expected a DELIVERED delivery event for 'bob'",
            "Delivery events received (1):",
            "  delivery event: DELIVERED (delivered) for fake-sms id fake-sms-1 to 'alice'"));
    assertThatThrownBy(() -> assertThat(events).hasDeliveryStatuses("alice", DeliveryStatus.ACKNOWLEDGED))
        .hasMessageStartingWith("Expected delivery statuses [ACKNOWLEDGED] for 'alice' but got [DELIVERED]");
    assertThatThrownBy(() -> assertThat(events).hasNoDeliveryEvents()).hasMessageStartingWith("Expected no delivery events" + NL);
    assertThatThrownBy(() -> assertThat(new RecordingListener()).hasDeliveryEvent("alice", DeliveryStatus.READ))
        .hasMessage(lines("Expected a READ delivery event for 'alice'", "Delivery events received: none"));
  }

  @Test
  void listenerCountAndTypeFailuresListTheEvents() {
    assertThatThrownBy(() -> assertThat(events).hasCompletedDispatches(2))
        .hasMessageStartingWith(lines("Expected 2 completed dispatches but there were 1", "Events:", "  1. dispatch started: alert a-1"));
    assertThatThrownBy(() -> assertThat(events).hasEvent(dev.alertkit.event.RetryScheduled.class))
        .hasMessageStartingWith(lines("Expected a RetryScheduled event", "Events:"));
  }
}
