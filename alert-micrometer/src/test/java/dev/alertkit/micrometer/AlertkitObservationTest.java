package dev.alertkit.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import dev.alertkit.event.AttemptFinished;
import dev.alertkit.event.AttemptStarted;
import dev.alertkit.event.DispatchCompleted;
import dev.alertkit.event.DispatchStarted;
import dev.alertkit.Failure;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Observations through a real client: dispatch, attempt (child of dispatch), delivery (child of attempt), conventions. */
class AlertkitObservationTest {
  private final TestObservationRegistry observations = TestObservationRegistry.create();
  private final AlertkitMetrics metrics = AlertkitMetrics.builder().meterRegistry(new SimpleMeterRegistry())
      .observationRegistry(observations).build();

  @Test
  void dispatchAttemptAndDeliveryAreLinkedObservationsWithBoundedKeyValues() {
    String attemptId;
    String messageId;
    try (Scenario s = new Scenario(metrics, Resilience.none())) {
      // Given an alert accepted over SMS
      DispatchReport r = s.send(s.alert(Severity.CRITICAL, Scenario.person(1), Channel.SMS));
      Attempt a = r.recipient("p1").attempts().get(0);
      attemptId = a.attemptId();
      messageId = a.providerMessageId().orElseThrow();

      // When the provider reports it delivered
      s.sms.deliver(messageId);
    }

    // Then one dispatch observation, ended, with severity and outcome as low and the alert id as high cardinality
    assertThat(observations).hasNumberOfObservationsEqualTo(3)
        .hasObservationWithNameEqualTo("alertkit.dispatch").that()
        .hasBeenStarted().hasBeenStopped().doesNotHaveParentObservation().doesNotHaveError()
        .hasContextualNameEqualTo("alertkit dispatch")
        .hasLowCardinalityKeyValue("severity", "critical").hasLowCardinalityKeyValue("outcome", "accepted")
        .hasHighCardinalityKeyValue("alertkit.alert.id", "a-1");
    // And one attempt observation, child of the dispatch
    assertThat(observations).hasObservationWithNameEqualTo("alertkit.attempt").that()
        .hasBeenStarted().hasBeenStopped().doesNotHaveError()
        .hasContextualNameEqualTo("alertkit attempt sms")
        .hasParentObservationContextMatching(c -> c instanceof AlertObservationContext a && a.alert().id().equals("a-1"))
        .hasLowCardinalityKeyValue("channel", "sms").hasLowCardinalityKeyValue("provider", "fake-sms")
        .hasLowCardinalityKeyValue("result", "accepted").hasLowCardinalityKeyValue("kind", "none")
        .hasLowCardinalityKeyValue("fault", "none")
        .hasHighCardinalityKeyValue("alertkit.alert.id", "a-1").hasHighCardinalityKeyValue("alertkit.attempt.id", attemptId)
        .hasHighCardinalityKeyValue("alertkit.provider.message.id", messageId);
    // And one delivery observation, linked to the attempt it names by correlation id
    assertThat(observations).hasObservationWithNameEqualTo("alertkit.delivery").that()
        .hasBeenStarted().hasBeenStopped()
        .hasParentObservationContextMatching(c -> c instanceof AttemptObservationContext a && a.attemptId().equals(attemptId))
        .hasLowCardinalityKeyValue("status", "delivered").hasLowCardinalityKeyValue("channel", "sms")
        .hasHighCardinalityKeyValue("alertkit.attempt.id", attemptId).hasHighCardinalityKeyValue("alertkit.alert.id", "a-1");
    // And no recipient, address or free text in any key value
    assertThat(observations).hasHandledContextsThatSatisfy(contexts -> assertThat(contexts).hasSize(3)
        .allSatisfy(c -> assertThat(c.getAllKeyValues().stream().map(kv -> kv.getValue()))
            .noneMatch(v -> v.contains("p1") || v.contains("+1415") || v.contains("example.com"))));
    assertThat(metrics.openObservations()).isZero();
  }

  @Test
  void failedAttemptMarksItsObservationWithoutTheReasonText() {
    try (Scenario s = new Scenario(metrics, Resilience.none())) {
      s.sms.failNext(1, Failure.permanent(Failure.Fault.RECIPIENT, "invalid 'To' number +14155550001").providerCode("21211").build());
      s.send(s.alert(Severity.WARNING, Scenario.person(1), Channel.SMS, Channel.EMAIL));
    }

    assertThat(observations).hasNumberOfObservationsWithNameEqualTo("alertkit.attempt", 2)
        .hasAnObservation(o -> o.hasNameEqualTo("alertkit.attempt").hasLowCardinalityKeyValue("result", "failed")
            .hasLowCardinalityKeyValue("kind", "permanent").hasLowCardinalityKeyValue("fault", "recipient")
            .hasError().assertThatError().isInstanceOf(AttemptFailedException.class)
            .hasMessage("PERMANENT/RECIPIENT [code 21211]"))
        .hasAnObservation(o -> o.hasNameEqualTo("alertkit.attempt").hasLowCardinalityKeyValue("channel", "email")
            .hasLowCardinalityKeyValue("result", "accepted").doesNotHaveError());
  }

  @Test
  void attemptStartedOpensTheAttemptObservationAndAResendIsAnEventOnIt() {
    // Given a registry that records the order of what happens to observations
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    ObservationRegistry recording = ObservationRegistry.create();
    recording.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public void onStart(Observation.Context c) {
        heard.add("start " + c.getName());
      }

      @Override
      public void onEvent(Observation.Event e, Observation.Context c) {
        heard.add("event " + e.getName());
      }

      @Override
      public void onStop(Observation.Context c) {
        io.micrometer.common.KeyValue result = c.getLowCardinalityKeyValue("result");
        heard.add("stop " + c.getName() + (result == null ? "" : " " + result.getValue()));
      }

      @Override
      public boolean supportsContext(Observation.Context c) {
        return true;
      }
    });
    AlertkitMetrics m = AlertkitMetrics.builder().meterRegistry(new SimpleMeterRegistry()).observationRegistry(recording).build();
    Instant t0 = Instant.parse("2026-11-28T09:00:00Z");
    Recipient alice = Recipient.builder("alice").phone("+14155550100").build();
    Alert alert = Alert.builder().id("a-1").severity(Severity.CRITICAL).title("db-1 down").recipient(alice).createdAt(t0).build();
    Attempt attempt = new Attempt("att-1", Channel.SMS, 0, "twilio-sms", "+14155550100", true, Optional.of("SM1"), Optional.of("queued"),
        Optional.empty(), 2, false, Optional.empty(), t0, t0.plusSeconds(1));

    // When an engine that emits AttemptStarted sends, retries once and finishes
    m.onEvent(new DispatchStarted(t0, alert));
    m.onEvent(new AttemptStarted(t0, alert, Channel.SMS, "twilio-sms", List.of(alice), List.of("att-1"), 1));
    List<String> beforeFinish = List.copyOf(heard);
    m.onEvent(new AttemptStarted(t0.plusSeconds(1), alert, Channel.SMS, "twilio-sms", List.of(alice), List.of("att-1"), 2));
    m.onEvent(new AttemptFinished(t0.plusSeconds(1), alert, alice, attempt));
    m.onEvent(new DispatchCompleted(t0.plusSeconds(1), alert, new DispatchReport("a-1", t0, t0.plusSeconds(1), List.of(
        new RecipientReport("alice", Outcome.ACCEPTED, Optional.empty(), Optional.empty(), Optional.empty(), List.of(attempt), List.of(),
            Optional.empty())))));

    // Then the attempt observation ran from AttemptStarted to AttemptFinished, with the resend as an event
    assertThat(beforeFinish).containsExactly("start alertkit.dispatch", "start alertkit.attempt");
    assertThat(heard).containsExactly("start alertkit.dispatch", "start alertkit.attempt", "event alertkit.resend",
        "stop alertkit.attempt accepted", "stop alertkit.dispatch");
    assertThat(m.openObservations()).isZero();
  }

  @Test
  void replacedConventionsNameTheObservationsAndTheirKeyValues() {
    // Given an application's own attempt convention
    AttemptObservationConvention mine = new DefaultAttemptObservationConvention() {
      @Override
      public String getName() {
        return "myapp.page";
      }

      @Override
      public KeyValues getLowCardinalityKeyValues(AttemptObservationContext context) {
        return super.getLowCardinalityKeyValues(context).and("team", "db");
      }
    };
    AlertkitMetrics m = AlertkitMetrics.builder().meterRegistry(new SimpleMeterRegistry()).observationRegistry(observations)
        .attemptConvention(mine).build();
    try (Scenario s = new Scenario(m, Resilience.none())) {
      s.send(s.alert(Severity.INFO, Scenario.person(1), Channel.EMAIL));
    }

    assertThat(observations).hasNumberOfObservationsWithNameEqualTo("alertkit.attempt", 0)
        .hasObservationWithNameEqualTo("myapp.page").that().hasLowCardinalityKeyValue("team", "db")
        .hasLowCardinalityKeyValue("channel", "email");
  }
}
