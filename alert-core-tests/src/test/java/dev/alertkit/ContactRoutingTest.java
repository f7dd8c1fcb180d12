package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.spi.ContactCheck;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import dev.alertkit.testkit.RecordingListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Skips decided while planning: unverified addresses, and what {@link ContactCheck}s refuse (landline, suppressed). */
class ContactRoutingTest {
  private final ManualClock clock = ManualClock.at("2026-11-30T09:00:00Z");
  private final FakeProvider sms = FakeProvider.of("sms", Channel.SMS);
  private final FakeProvider voice = FakeProvider.of("voice", Channel.VOICE);
  private final FakeProvider whatsapp = FakeProvider.of("whatsapp", Channel.WHATSAPP);
  private final FakeProvider email = FakeProvider.of("email", Channel.EMAIL);
  private final RecordingListener listener = new RecordingListener();

  private static final Instant VERIFIED = Instant.parse("2026-11-01T10:00:00Z");

  private static final RoutingPolicy STRICT = RoutingPolicy.builder()
      .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("critical")
          .deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL).requireVerifiedAddresses())
      .otherwise(Rule.deliver(Channel.EMAIL).named("info"))
      .build();

  private static final RoutingPolicy PAGE = RoutingPolicy.builder()
      .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("critical")
          .deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.WHATSAPP).thenFallbackTo(Channel.EMAIL))
      .otherwise(Rule.deliver(Channel.EMAIL).named("info"))
      .build();

  private AlertClient client(RoutingPolicy policy, ContactCheck... checks) {
    AlertClient.Builder b = AlertClient.builder().resilience(dev.alertkit.Resilience.none())
        .provider(sms).provider(voice).provider(whatsapp).provider(email)
        .routing(policy).clock(clock).scheduler(ManualScheduler.on(clock)).executor(Runnable::run).listener(listener);
    for (ContactCheck c : checks) {
      b.contactCheck(c);
    }
    return b.build();
  }

  private Alert alert(Severity severity, Recipient r) {
    return Alert.builder().severity(severity).title("db-1 disk full").recipient(r).createdAt(clock).build();
  }

  @ParameterizedTest
  @EnumSource(RoutingBehaviourTest.Mode.class)
  void unverifiedPhoneIsSkippedWithTheReasonAndVerifiedEmailStillGoes(RoutingBehaviourTest.Mode mode) {
    // Given a rule that requires verified addresses and a person whose email is verified but phone is not
    Recipient carol = Recipient.builder("carol").phone("+14155550111").email("carol@example.com").emailVerifiedAt(VERIFIED).build();
    try (AlertClient c = client(STRICT)) {
      // When a critical alert goes out
      DispatchReport report = mode.send(c, alert(Severity.CRITICAL, carol));

      // Then SMS and voice are skipped before any send, with the reason, and email carries the page
      RecipientReport r = report.recipient("carol");
      assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(r.skipped()).extracting(SkippedChannel::channel).containsExactly(Channel.SMS, Channel.VOICE);
      assertThat(r.skipped()).allSatisfy(k ->
          assertThat(k.reason()).isEqualTo("the phone number is not verified and rule 'critical' requires verified addresses"));
      assertThat(sms.messages()).isEmpty();
      assertThat(voice.messages()).isEmpty();
      assertThat(email.messages()).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(RoutingBehaviourTest.Mode.class)
  void everyAddressUnverifiedEndsSuppressedByPolicyNotSilently(RoutingBehaviourTest.Mode mode) {
    // Given nobody verified anything
    Recipient dave = Recipient.builder("dave").phone("+14155550112").email("dave@example.com").build();
    try (AlertClient c = client(STRICT)) {
      // When a critical alert goes out
      RecipientReport r = mode.send(c, alert(Severity.CRITICAL, dave)).recipient("dave");

      // Then nothing is sent and the outcome says why, channel by channel
      assertThat(r.outcome()).isEqualTo(Outcome.SUPPRESSED);
      assertThat(r.reason().orElseThrow()).contains("SMS skipped: the phone number is not verified")
          .contains("EMAIL skipped: the email address is not verified");
      assertThat(r.attempts()).isEmpty();
      assertThat(listener.skips()).extracting(SkippedChannel::channel).containsExactly(Channel.SMS, Channel.VOICE, Channel.EMAIL);
    }
  }

  @ParameterizedTest
  @EnumSource(RoutingBehaviourTest.Mode.class)
  void verifiedAddressesAreSentAndRulesWithoutTheOptionIgnoreVerification(RoutingBehaviourTest.Mode mode) {
    // Given a verified phone under the strict rule, and an unverified person under a rule without the option
    Recipient erin = Recipient.builder("erin").phone("+14155550113").phoneVerifiedAt(VERIFIED).build();
    Recipient frank = Recipient.builder("frank").phone("+14155550114").email("frank@example.com").build();
    try (AlertClient c = client(STRICT)) {
      // When alerts go out
      RecipientReport strict = mode.send(c, alert(Severity.CRITICAL, erin)).recipient("erin");
      RecipientReport loose = mode.send(c, alert(Severity.INFO, frank)).recipient("frank");

      // Then both are sent
      assertThat(strict.outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(strict.channelsTried()).containsExactlyInAnyOrder(Channel.SMS, Channel.VOICE);
      assertThat(loose.outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(loose.skipped()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(RoutingBehaviourTest.Mode.class)
  void landlineIsSkippedForSmsAndWhatsAppBeforeAnySendButVoiceStillGoes(RoutingBehaviourTest.Mode mode) {
    // Given a check that knows the number is a landline
    LineTypeLike landline = new LineTypeLike("+14155550120");
    Recipient gina = Recipient.builder("gina").phone("+14155550120").email("gina@example.com").build();
    try (AlertClient c = client(PAGE, landline)) {
      // When a critical alert goes out and the voice call fails
      voice.failNext(1, dev.alertkit.Failure.permanent(dev.alertkit.Failure.Fault.RECIPIENT, "busy").build());
      RecipientReport r = mode.send(c, alert(Severity.CRITICAL, gina)).recipient("gina");

      // Then SMS and WhatsApp were never sent, voice was tried, and email carried the page
      assertThat(sms.messages()).isEmpty();
      assertThat(whatsapp.messages()).isEmpty();
      assertThat(voice.messages()).hasSize(1);
      assertThat(email.messages()).hasSize(1);
      assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(r.skipped()).extracting(SkippedChannel::channel).containsExactly(Channel.SMS, Channel.WHATSAPP);
      assertThat(r.skipped().get(0).reason()).isEqualTo("+14155550120 is a landline (fake-lookup)");
      // and the check was asked only about the channels it serves
      assertThat(landline.asked).containsExactly(Channel.SMS, Channel.WHATSAPP);
    }
  }

  @ParameterizedTest
  @EnumSource(RoutingBehaviourTest.Mode.class)
  void everyChannelRefusedEndsFailedWithEachReason(RoutingBehaviourTest.Mode mode) {
    // Given a suppression-like check that refuses the only planned channel
    ContactCheck suppressed = new Fixed("fake-suppressions", Set.of(Channel.EMAIL), ContactCheck.Verdict.skip("address is on the bounces list"));
    Recipient hank = Recipient.builder("hank").email("hank@example.com").build();
    try (AlertClient c = client(PAGE, suppressed)) {
      // When an info alert goes out
      RecipientReport r = mode.send(c, alert(Severity.INFO, hank)).recipient("hank");

      // Then it ends FAILED with the reason a person can act on, and nothing was sent
      assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(r.reason().orElseThrow()).contains("EMAIL skipped: address is on the bounces list (fake-suppressions)");
      assertThat(email.messages()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(RoutingBehaviourTest.Mode.class)
  void checkThatThrowsNeverBlocksThePage(RoutingBehaviourTest.Mode mode) {
    // Given a check that fails
    ContactCheck broken = new Fixed("broken", Set.of(Channel.SMS), null);
    Recipient ivan = Recipient.builder("ivan").phone("+14155550115").build();
    try (AlertClient c = client(PAGE, broken)) {
      // When a critical alert goes out
      RecipientReport r = mode.send(c, alert(Severity.CRITICAL, ivan)).recipient("ivan");

      // Then SMS is sent as usual
      assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(sms.messages()).hasSize(1);
      assertThat(r.skipped()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(RoutingBehaviourTest.Mode.class)
  void proceedAttachesAttributesForTheProviderAndANoteForTheReport(RoutingBehaviourTest.Mode mode) {
    // Given a check that lets a CRITICAL page through with an emergency bypass
    ContactCheck bypass = new Fixed("fake-suppressions", Set.of(Channel.EMAIL),
        ContactCheck.Verdict.proceed(Map.of("sendgrid.bypass", "bypass_bounce_management"), "sent with the bounce-list bypass"));
    Recipient judy = Recipient.builder("judy").email("judy@example.com").build();
    try (AlertClient c = client(PAGE, bypass)) {
      // When an alert goes out
      RecipientReport r = mode.send(c, alert(Severity.INFO, judy)).recipient("judy");

      // Then the provider sees the attribute and the report states the bypass
      assertThat(email.messages()).singleElement().satisfies(m ->
          assertThat(m.attributes()).containsEntry("sendgrid.bypass", "bypass_bounce_management"));
      assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(r.reason()).contains("EMAIL: sent with the bounce-list bypass (fake-suppressions)");
    }
  }

  @ParameterizedTest
  @EnumSource(RoutingBehaviourTest.Mode.class)
  void clientClosesItsChecks(RoutingBehaviourTest.Mode mode) {
    // Given a client with a check
    AtomicBoolean closed = new AtomicBoolean();
    ContactCheck check = new Fixed("closing", Set.of(Channel.SMS), ContactCheck.Verdict.ok()) {
      @Override
      public void close() {
        closed.set(true);
      }
    };
    AlertClient c = client(PAGE, check);
    mode.send(c, alert(Severity.CRITICAL, Recipient.builder("kim").phone("+14155550116").build()));

    // When the client is closed
    c.close();

    // Then the check is closed too
    assertThat(closed).isTrue();
  }

  /** Refuses SMS and WhatsApp for one number, like a Lookup that found a landline. */
  private static final class LineTypeLike implements ContactCheck {
    final String landline;
    final List<Channel> asked = Collections.synchronizedList(new ArrayList<>());

    LineTypeLike(String landline) {
      this.landline = landline;
    }

    @Override
    public String name() {
      return "fake-lookup";
    }

    @Override
    public Set<Channel> channels() {
      return Set.of(Channel.SMS, Channel.WHATSAPP);
    }

    @Override
    public Verdict check(Alert alert, Recipient recipient, Channel channel, String address, Instant now) {
      asked.add(channel);
      return address.equals(landline) ? Verdict.skip(address + " is a landline") : Verdict.ok();
    }
  }

  /** Answers the same verdict every time; throws when the verdict is null. */
  private static class Fixed implements ContactCheck {
    private final String name;
    private final Set<Channel> channels;
    private final Verdict verdict;

    Fixed(String name, Set<Channel> channels, Verdict verdict) {
      this.name = name;
      this.channels = channels;
      this.verdict = verdict;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Set<Channel> channels() {
      return channels;
    }

    @Override
    public Verdict check(Alert alert, Recipient recipient, Channel channel, String address, Instant now) {
      if (verdict == null) {
        throw new IllegalStateException("lookup service down");
      }
      return verdict;
    }
  }
}
