package dev.alertkit.incident;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.Recipient;
import dev.alertkit.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Policy validation names the step and the problem. */
class EscalationPolicyBuilderTest {
  final Recipient alice = Recipient.builder("alice").phone("+14155550100").build();

  @Test
  void aStepWithoutTargetsIsRejectedNamingTheStep() {
    assertThatThrownBy(() -> EscalationPolicy.builder("db")
        .step(s -> s.target(EscalationTarget.recipient(alice)).waitForAck(Duration.ofMinutes(5)))
        .step(s -> s.waitForAck(Duration.ofMinutes(5))))
        .isInstanceOf(ValidationException.class)
        .hasMessage("policy[db].steps[2].targets: at least one target (recipient, group or on-call schedule) is required");
  }

  @Test
  void aZeroWaitIsRejectedNamingTheStep() {
    assertThatThrownBy(() -> EscalationPolicy.builder("db")
        .step(s -> s.target(EscalationTarget.recipient(alice)).waitForAck(Duration.ZERO)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("policy[db].steps[1].waitForAck: must be between 1 second and 7 days (was PT0S)");
  }

  @Test
  void aMissingWaitAndAnEmptyPolicyAndAnEmptyGroupAreRejected() {
    assertThatThrownBy(() -> EscalationPolicy.builder("db").step(s -> s.target(EscalationTarget.recipient(alice))))
        .hasMessageStartingWith("policy[db].steps[1].waitForAck: is required");
    assertThatThrownBy(() -> EscalationPolicy.builder("db").build()).hasMessage("policy[db].steps: at least one step is required");
    assertThatThrownBy(() -> EscalationTarget.group("dba")).hasMessage("target.group[dba]: has no members");
    assertThatThrownBy(() -> EscalationPolicy.builder("db").repeat(101)).hasMessage("policy[db].repeat: must be between 0 and 100 (was 101)");
  }
}
