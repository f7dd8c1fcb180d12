package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.SmsContent;
import dev.alertkit.india.DltRegistry;
import dev.alertkit.india.DltTemplate;
import dev.alertkit.india.IndiaDlt;
import dev.alertkit.india.TemplateCategory;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Twilio module behind AlertClient and the India DLT guard, over real HTTP to the emulator. */
class TwilioThroughAlertClientTest {
  private final TwilioEmulator emulator = TwilioEmulator.start();

  @AfterEach
  void stop() {
    emulator.close();
  }

  private final DltRegistry registry = DltRegistry.builder("1101234567890123456")
      .header("ALRTKT")
      .template(DltTemplate.builder("1107161234567890123").category(TemplateCategory.SERVICE_IMPLICIT).header("ALRTKT")
          .text("ALERT: {#var#} disk {#numeric#}% full -AlertKit").build())
      .build();

  @Test
  void dltCompliantSmsToIndiaLeavesFromTheRegisteredHeaderWithSmartEncodingOff() {
    // Given a client with the DLT guard and the Twilio SMS provider
    TwilioProviders twilio = TwilioProviders.of(Fixtures.config(emulator).smsFrom("+15005550006").build());
    Recipient ravi = Recipient.builder("ravi").phone("+91 98123 45678").build();
    try (AlertClient client = AlertClient.builder().provider(twilio.sms())
        .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS)).build())
        .compliance(IndiaDlt.of(registry)).build()) {
      // When an alert with a DLT template goes to an Indian number
      DispatchReport report = client.send(Alert.builder().severity(Severity.CRITICAL).title("disk").recipient(ravi)
          .sms(SmsContent.dlt("1107161234567890123", Map.of("var1", "db-1", "var2", "97"))).build());

      // Then Twilio got the rendered text from the header, with smart encoding off, exactly once
      assertThat(report.outcome("ravi")).isEqualTo(Outcome.ACCEPTED);
      assertThat(emulator.messages()).singleElement().satisfies(m -> {
        assertThat(m.to()).isEqualTo("+919812345678");
        assertThat(m.from()).contains("ALRTKT");
        assertThat(m.body()).contains("ALERT: db-1 disk 97% full -AlertKit");
        assertThat(m.param("SmartEncoded")).contains("false");
      });
      assertThat(report.recipient("ravi").attempts().get(0).smsEncoding()).hasValueSatisfying(e -> assertThat(e.segments()).isEqualTo(1));
    }
  }

  @Test
  void nonCompliantSmsToIndiaNeverReachesTwilio() {
    TwilioProviders twilio = TwilioProviders.of(Fixtures.config(emulator).smsFrom("+15005550006").build());
    Recipient ravi = Recipient.builder("ravi").phone("+91 98123 45678").email("ravi@example.com").build();
    try (AlertClient client = AlertClient.builder().provider(twilio.sms())
        .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS)).build())
        .compliance(IndiaDlt.of(registry)).build()) {
      DispatchReport report = client.send(Alert.builder().severity(Severity.CRITICAL).title("disk").recipient(ravi)
          .sms(SmsContent.text("ALERT: db-1 disk 97% FULL -AlertKit")).build());

      assertThat(report.outcome("ravi")).isEqualTo(Outcome.SUPPRESSED);
      assertThat(report.recipient("ravi").attempts()).singleElement().satisfies(a -> {
        assertThat(a.provider()).isEqualTo("india-dlt");
        assertThat(a.requests()).isZero();
        assertThat(a.failure().orElseThrow().providerCode()).contains("dlt.no_template");
      });
      assertThat(emulator.requestCount()).isZero();
    }
  }

  @Test
  void usSmsGoesFromTheConfiguredNumberWithCorrelationInTheCallbackUrl() {
    TwilioProviders twilio = TwilioProviders.of(Fixtures.config(emulator).smsFrom("+15005550006")
        .statusCallbackBaseUrl("https://hooks.example.com").build());
    Recipient bob = Recipient.builder("bob").phone("+14155550100").build();
    try (AlertClient client = AlertClient.builder().provider(twilio.sms()).build()) {
      DispatchReport report = client.send(Alert.builder().id("a-42").severity(Severity.WARNING).title("disk").recipient(bob).build());

      String attemptId = report.recipient("bob").attempts().get(0).attemptId();
      assertThat(emulator.messages()).singleElement().satisfies(m -> {
        assertThat(m.from()).contains("+15005550006");
        assertThat(m.param("StatusCallback")).hasValueSatisfying(url -> assertThat(Fixtures.query(url))
            .containsEntry(TwilioCallbacks.ALERT_PARAM, "a-42")
            .containsEntry(TwilioCallbacks.ATTEMPT_PARAM, attemptId)
            .containsEntry(TwilioCallbacks.RECIPIENT_PARAM, "bob"));
      });
      assertThat(report.recipient("bob").attempts().get(0).providerMessageId()).contains(emulator.messages().get(0).sid());
    }
  }
}
