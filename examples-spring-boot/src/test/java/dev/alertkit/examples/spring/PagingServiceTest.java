package dev.alertkit.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.examples.spring.PagingService.AlertRequest;
import dev.alertkit.Severity;
import dev.alertkit.spring.AlertkitEmulators;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** How an application tests its paging: one annotation swaps Twilio and SendGrid for the embedded emulators. */
// tag::spring-test[]
@SpringBootTest
@AlertkitEmulators
class PagingServiceTest {
  @Autowired PagingService service;
  @Autowired TwilioEmulator twilio;

  @Test
  void aCriticalAlertTextsAndCallsTheOnCallPerson() {
    Map<String, String> outcome = service.raise(new AlertRequest("db-1 down", Severity.CRITICAL));

    assertThat(outcome).containsEntry("alice", "ACCEPTED");
    assertThat(twilio.messages()).singleElement().satisfies(m -> assertThat(m.to()).isEqualTo("+14155550100"));
    assertThat(twilio.calls()).hasSize(1);
  }
}
// end::spring-test[]
