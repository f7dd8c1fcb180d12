package dev.alertkit.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.RateLimit;
import dev.alertkit.Resilience;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The snippets of docs/reliability.md read the settings the page says. */
class ReliabilitySnippetsTest {

  @Test
  void theSmsProviderReadsItsOwnRateLimitsAndTheSharedRest() {
    // Given the per-provider settings of the page
    Resilience resilience = ReliabilitySnippets.perProvider();

    // When the reading snippet reads them for twilio-sms
    ReliabilitySnippets.Read sms = ReliabilitySnippets.read(resilience);

    // Then the override's limits and the shared defaults
    assertThat(sms.attempts()).isEqualTo(3);
    assertThat(sms.firstWait()).isEqualTo(Duration.ofSeconds(1));
    assertThat(sms.tollFree()).contains(RateLimit.perSecond(3));
    assertThat(sms.openFor()).contains(Duration.ofSeconds(30));
    assertThat(sms.budget()).contains(Resilience.RetryBudget.of(0.2, 10, Duration.ofSeconds(60)));
    Resilience sendgrid = resilience.forProvider("sendgrid");
    assertThat(sendgrid.timeout()).contains(Duration.ofSeconds(10));
    assertThat(sendgrid.retry().maxAttempts()).isEqualTo(5);
    assertThat(sendgrid.rateLimits().isEmpty()).isTrue();
  }

  @Test
  void partsSwitchedOffReadAsEmpty() {
    ReliabilitySnippets.Read none = ReliabilitySnippets.read(Resilience.none());

    assertThat(none.attempts()).isEqualTo(1);
    assertThat(none.tollFree()).isEmpty();
    assertThat(none.openFor()).isEmpty();
    assertThat(none.budget()).isEmpty();
  }

  @Test
  void pagingRetriesAmbiguousFailuresOnce() {
    Resilience.Retry retry = ReliabilitySnippets.paging().retry();

    assertThat(retry.retryAmbiguous()).isTrue();
    assertThat(retry.maxAttempts()).isEqualTo(2);
  }
}
