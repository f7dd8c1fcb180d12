package dev.alertkit.testkit;

import static dev.alertkit.testkit.AlertAssertions.assertThat;
import static dev.alertkit.testkit.Fixtures.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * What the extension does around tests (closing clients, reporting traffic of failed tests, parameter errors),
 * checked by running small scenario classes through the JUnit Platform launcher inside this test.
 */
class AlertkitExtensionLifecycleTest {
  private static final String SCENARIOS = "alertkit.testkit.scenarios";

  /** Clients the scenarios saw, to check afterwards that the extension closed them. */
  static final List<AlertClient> SEEN = new CopyOnWriteArrayList<>();

  private static final class Run {
    final TestExecutionSummary summary;
    final String stderr;

    Run(TestExecutionSummary summary, String stderr) {
      this.summary = summary;
      this.stderr = stderr;
    }

    String firstFailureMessage() {
      return summary.getFailures().get(0).getException().getMessage();
    }
  }

  private static Run run(Class<?> scenario) {
    SEEN.clear();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setProperty(SCENARIOS, "true");
    try (PrintStream capture = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setErr(capture);
      LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(scenario)).build(), listener);
    } finally {
      System.setErr(original);
      System.clearProperty(SCENARIOS);
    }
    return new Run(listener.getSummary(), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void closesTheClientAfterEachTestAndGivesEachTestItsOwn() {
    Run run = run(TwoPassingTests.class);

    assertThat(run.summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(SEEN).hasSize(2).allMatch(AlertClient::isClosed);
    assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
    assertThat(run.stderr).doesNotContain("alertkit: traffic");
  }

  @Test
  void printsEveryFakesTrafficAndTheListenerEventsWhenATestFails() {
    Run run = run(FailingTest.class);

    assertThat(run.summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(run.firstFailureMessage()).startsWith("Expected fake-sms to have sent a message to 'carol', but none of its 2 messages matched.");
    String nl = System.lineSeparator();
    assertThat(run.stderr)
        .contains("==== alertkit: traffic of failed test sendsToCarol(AlertClient) (clock at 2026-01-01T00:00:00Z, 0 scheduled tasks pending) ====")
        .contains("fake-sms [SMS]: 2 messages, flaky rate=0.0 seed=42" + nl
            + "  #1 SMS to 'alice' (+14155550100) alert=a-1 \"[CRITICAL] db-1 disk 97% full\\nRunbook: https://runbooks.example.com/disk\" -> "
            + "accepted id=fake-sms-1 status=DELIVERED" + nl
            + "      event DELIVERED at 2026-01-01T00:00:00Z" + nl
            + "  #2 SMS to 'bob'")
        .contains("fake-email [EMAIL]: 0 messages")
        .contains("listener events:" + nl + "1. dispatch started: alert a-1")
        .contains("delivery event: DELIVERED (delivered) for fake-sms id fake-sms-1 to 'alice'")
        .contains("==== end of alertkit traffic ====");
    assertThat(SEEN).allMatch(AlertClient::isClosed);
  }

  @Test
  void staysQuietOnFailureWhenAskedTo() {
    Run run = run(QuietFailingTest.class);
    assertThat(run.summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(run.stderr).doesNotContain("alertkit: traffic");
  }

  @Test
  void explainsAnAmbiguousFakeParameterAndInjectsTheOnlyFake() {
    Run ambiguous = run(AmbiguousFakeParameter.class);
    assertThat(ambiguous.summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(ambiguous.firstFailureMessage())
        .contains("cannot tell which fake to inject into")
        .contains("annotate it, e.g. @Fake(Channel.SMS), or compile with -parameters and name it after its channel; fakes: [SMS, VOICE, WHATSAPP, EMAIL]");

    Run only = run(OnlyOneFake.class);
    assertThat(only.summary.getTestsSucceededCount()).isEqualTo(1);

    Run missing = run(MissingFake.class);
    assertThat(missing.firstFailureMessage()).contains("@Fake(VOICE)").contains("the extension has no fake for VOICE; its channels are [SMS]");
  }

  // ------------------------------------------------------------------------------------------------ scenarios
  // Static nested classes: not run by Surefire, and disabled unless launched from the tests above.

  @EnabledIfSystemProperty(named = SCENARIOS, matches = "true")
  @ExtendWith(AlertkitExtension.class)
  static class TwoPassingTests {
    @Test
    void first(AlertClient client, ManualClock clock) {
      SEEN.add(client);
      client.send(alert("a-1", clock, Channel.SMS));
    }

    @Test
    void second(AlertClient client, @Fake(Channel.SMS) FakeProvider sms) {
      SEEN.add(client);
      assertThat(sms).nothingSent();
    }
  }

  @EnabledIfSystemProperty(named = SCENARIOS, matches = "true")
  static class FailingTest {
    @RegisterExtension
    final AlertkitExtension alertkit = AlertkitExtension.builder().channels(Channel.SMS, Channel.EMAIL).build();

    @Test
    void sendsToCarol(AlertClient client) {
      SEEN.add(client);
      alertkit.sms().flaky(0.0, 42, dev.alertkit.Failure.retryable(dev.alertkit.Failure.Fault.PROVIDER, "x").build());
      client.send(alert("a-1", alertkit.clock(), Channel.SMS));
      alertkit.sms().deliver("fake-sms-1");
      assertThat(alertkit.sms()).sentTo("carol");
    }
  }

  @EnabledIfSystemProperty(named = SCENARIOS, matches = "true")
  static class QuietFailingTest {
    @RegisterExtension
    final AlertkitExtension alertkit = AlertkitExtension.builder().printTrafficOnFailure(false).build();

    @Test
    void fails() {
      assertThat(alertkit.sms()).sentTo("carol");
    }
  }

  @EnabledIfSystemProperty(named = SCENARIOS, matches = "true")
  @ExtendWith(AlertkitExtension.class)
  static class AmbiguousFakeParameter {
    @Test
    void which(FakeProvider fake) {
      // never runs
    }
  }

  @EnabledIfSystemProperty(named = SCENARIOS, matches = "true")
  static class OnlyOneFake {
    @RegisterExtension
    final AlertkitExtension alertkit = AlertkitExtension.builder().channels(Channel.EMAIL).build();

    @Test
    void theOnlyOne(FakeProvider fake) {
      org.assertj.core.api.Assertions.assertThat(fake.name()).isEqualTo("fake-email");
    }
  }

  @EnabledIfSystemProperty(named = SCENARIOS, matches = "true")
  static class MissingFake {
    @RegisterExtension
    final AlertkitExtension alertkit = AlertkitExtension.builder().channels(Channel.SMS).build();

    @Test
    void voice(@Fake(Channel.VOICE) FakeProvider voice) {
      // never runs
    }
  }
}
