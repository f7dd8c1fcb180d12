package dev.alertkit.testkit;

import static dev.alertkit.testkit.AlertAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.Channel;
import dev.alertkit.Dedup;
import dev.alertkit.Match;
import dev.alertkit.Outcome;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension configured on a static field, used through its accessors; state is fresh for every test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertkitExtensionRegisteredTest {
  @RegisterExtension
  static final AlertkitExtension ALERTKIT = AlertkitExtension.builder()
      .channels(Channel.SMS, Channel.EMAIL)
      .startingAt("2026-11-28T09:00:00Z")
      .configure(client -> client
          .routing(RoutingPolicy.builder()
              .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL).named("critical"))
              .otherwise(Rule.deliver(Channel.EMAIL).named("default"))
              .build())
          .dedup(Dedup.window(Duration.ofMinutes(10))))
      .build();

  @Test
  @Order(1)
  void usesTheConfiguredChannelsClockAndRouting() {
    assertThat(ALERTKIT.clock().instant()).isEqualTo(Instant.parse("2026-11-28T09:00:00Z"));
    assertThatThrownBy(ALERTKIT::voice).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no fake for VOICE");

    ALERTKIT.client().send(dev.alertkit.Alert.builder().id("a-1").severity(Severity.CRITICAL).title("disk 97%").dedupKey("disk:db-1")
        .recipient(Fixtures.ALICE).createdAt(ALERTKIT.clock()).build());

    assertThat(ALERTKIT.sms()).sentTo("alice").hasCount(1);
    assertThat(ALERTKIT.email()).nothingSent();
    assertThat(ALERTKIT.listener().lastReport().orElseThrow()).recipient("alice").isAccepted();
    assertThat(ALERTKIT.fake(Channel.SMS)).isSameAs(ALERTKIT.sms());
    assertThat(ALERTKIT.trafficReport()).contains("fake-sms [SMS]: 1 message", "fake-email [EMAIL]: 0 messages", "dispatch completed");
  }

  @Test
  @Order(2)
  void startsEveryTestWithFreshFakesClockAndClient() {
    // Nothing from the first test is left: no messages, the clock at the start, no dedup memory
    assertThat(ALERTKIT.sms()).nothingSent();
    assertThat(ALERTKIT.listener().events()).isEmpty();
    assertThat(ALERTKIT.clock().instant()).isEqualTo(Instant.parse("2026-11-28T09:00:00Z"));

    var report = ALERTKIT.client().send(dev.alertkit.Alert.builder().id("a-2").severity(Severity.CRITICAL).title("disk 97%")
        .dedupKey("disk:db-1").recipient(Fixtures.ALICE).createdAt(ALERTKIT.clock()).build());
    var repeat = ALERTKIT.client().send(dev.alertkit.Alert.builder().id("a-3").severity(Severity.CRITICAL).title("disk 98%").dedupKey("disk:db-1")
            .recipient(Fixtures.ALICE).createdAt(ALERTKIT.clock()).build());

    assertThat(report).allRecipients(Outcome.ACCEPTED);
    assertThat(repeat).recipient("alice").suppressedBecause("duplicate of dedup key 'disk:db-1'");
  }

  @Test
  @Order(3)
  void warningsGoByEmailUnderTheConfiguredRouting() {
    ALERTKIT.client().send(dev.alertkit.Alert.builder().id("a-4").severity(Severity.WARNING).title("disk 85%")
        .recipient(Fixtures.ALICE).createdAt(ALERTKIT.clock()).build());
    assertThat(ALERTKIT.email()).sentTo("alice").withSubjectContaining("disk 85%");
    assertThat(ALERTKIT.sms()).nothingSent();
  }

  @Test
  void accessorsOutsideATestExplainThemselves() {
    AlertkitExtension idle = AlertkitExtension.builder().build();
    assertThatThrownBy(idle::client)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("AlertkitExtension.client() works only while a test runs, on the test's thread; register the extension with "
            + "@RegisterExtension, or declare a parameter instead");
    assertThatThrownBy(() -> AlertkitExtension.builder().channels()).isInstanceOf(IllegalArgumentException.class);
  }
}
