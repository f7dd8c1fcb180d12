package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Failure;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's per-request timeout aborts the HTTP request in flight (the AbortSignal SPI over httpclient5). */
class TwilioAbortOverHttpTest {
  private final TwilioEmulator emulator = TwilioEmulator.start();
  private final FakeProvider email = FakeProvider.email();
  private final Recipient bob = Recipient.builder("bob").phone("+14155550100").email("bob@example.com").build();

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void clientTimeoutAbortsTheRequestInFlightSoTheBlockingSendReturnsAtOnce() {
    // Given Twilio answers after 10 s, the transport's read timeout is 30 s and the client's timeout is 300 ms
    emulator.failNext(TwilioEmulator.Reply.delayed(Duration.ofSeconds(10)));
    TwilioConfig config = Fixtures.config(emulator).http(Fixtures.http().readTimeout(Duration.ofSeconds(30)).build()).build();
    try (AlertClient client = AlertClient.builder().provider(TwilioProviders.sms(config)).provider(email)
        .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL)).build())
        .resilience(Resilience.builder().timeout(Duration.ofMillis(300)).build()).build()) {
      // When a blocking send makes the request on the caller's thread
      long start = System.nanoTime();
      DispatchReport report = client.send(Alert.builder().severity(Severity.CRITICAL).title("db-1 down").recipient(bob).build());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      // Then the request was aborted at the timeout (the caller did not wait 10 s), reported ambiguous (it had left),
      // and email took over
      assertThat(took).isLessThan(Duration.ofSeconds(8));
      Attempt sms = report.recipient("bob").attempts().get(0);
      assertThat(sms.failure()).hasValueSatisfying(f -> {
        assertThat(f.kind()).isEqualTo(Failure.Kind.AMBIGUOUS);
        assertThat(f.reason()).contains("timeout of PT0.3S").contains("aborted");
      });
      assertThat(sms.requests()).isEqualTo(1);
      assertThat(report.outcome("bob")).isEqualTo(Outcome.ACCEPTED);
      assertThat(email.requestCount()).isEqualTo(1);
    }
  }
}
