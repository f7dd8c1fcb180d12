package dev.alertkit.examples.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Mockito beside the testkit: mock what your code depends on (here the {@link DiskScanner.UsageSource}), and let a
 * real {@link AlertClient} send through the testkit's {@link FakeProvider}s. Do not mock {@code AlertClient} itself:
 * a mock answers whatever you script, so routing, fallback, dedup and the one-outcome report are never exercised
 * (and the client is a final class); the fakes are the real client with scriptable providers.
 */
class DiskScannerMockitoTest {
  private final ManualClock clock = ManualClock.at("2026-11-30T10:00:00Z");
  private final FakeProvider sms = FakeProvider.sms();
  private final FakeProvider voice = FakeProvider.voice();
  private final FakeProvider email = FakeProvider.email();
  private final AlertClient alerts = AlertClient.builder().provider(sms).provider(voice).provider(email)
      .routing(DiskMonitor.routing()).resilience(Resilience.none()).clock(clock).executor(Runnable::run).build();
  private final Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();
  private final DiskScanner.UsageSource source = mock(DiskScanner.UsageSource.class);
  private final DiskScanner scanner = new DiskScanner(source, new DiskMonitor(alerts, clock, List.of(alice)));

  @AfterEach
  void close() {
    alerts.close();
  }

  @Test
  void aFullMountPagesAndAFineOneDoesNot() {
    when(source.usage("db-1")).thenReturn(Map.of("/var", 97, "/home", 40));

    List<DispatchReport> raised = scanner.scan("db-1");

    assertThat(raised).singleElement().satisfies(r ->
        assertThat(r.recipients()).singleElement().satisfies(alice -> assertThat(alice.outcome()).isEqualTo(Outcome.ACCEPTED)));
    assertThat(sms.recorded()).singleElement().satisfies(m -> assertThat(m.message().channel()).isEqualTo(Channel.SMS));
    assertThat(voice.recorded()).hasSize(1);
    assertThat(email.recorded()).isEmpty();
    verify(source).usage("db-1");
  }

  @Test
  void anUnreachableHostIsTheScannersProblemNotAPage() {
    when(source.usage("db-2")).thenThrow(new IllegalStateException("db-2 agent unreachable")).thenReturn(Map.of("/var", 90));

    assertThatThrownBy(() -> scanner.scan("db-2")).hasMessage("db-2 agent unreachable");
    assertThat(sms.recorded()).isEmpty();

    assertThat(scanner.scan("db-2")).singleElement();            // a warning: email only
    assertThat(email.recorded()).hasSize(1);
    verify(source, times(2)).usage("db-2");
  }
}
