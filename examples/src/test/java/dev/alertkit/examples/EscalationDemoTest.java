package dev.alertkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.incident.AckChannel;
import dev.alertkit.incident.Incident;
import dev.alertkit.incident.IncidentState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The escalation demo runs on the emulator and tells the story it promises. */
class EscalationDemoTest {
  @Test
  void aliceIsPagedBobIsCalledAtMinuteFivePressesOneAndEscalationStops() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();

    Incident end = EscalationDemo.run(new PrintStream(buf, true, StandardCharsets.UTF_8));

    String out = buf.toString(StandardCharsets.UTF_8);
    System.out.print(out); // the demo as a reader sees it, in the test report
    assertThat(end.state()).isEqualTo(IncidentState.ACKNOWLEDGED);
    assertThat(end.acknowledgedBy()).contains("bob");
    assertThat(end.acknowledgedVia()).contains(AckChannel.VOICE);
    assertThat(out).contains("10:00:00  raised INC-42; Twilio got 1 SMS and 1 call(s)")
        .contains("10:05:00  nobody acknowledged; Twilio has 2 calls")
        .contains("10:36:00  30 minutes later: 0 more requests to Twilio")
        .contains("ON_CALL        step 1: schedule primary: alice by layer 'weekly' shift 1")
        .contains("10:05:00  STEP_STARTED   step 2")
        .contains("10:06:00  ACKNOWLEDGED   step 2 by VOICE: bob via VOICE");
  }
}
