package dev.alertkit.examples.snippets;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Rule;
import dev.alertkit.incident.EscalationPolicy;
import dev.alertkit.incident.EscalationTarget;
import dev.alertkit.incident.IncidentHandle;
import dev.alertkit.oncall.OnCallSchedule;
import dev.alertkit.oncall.Rotation;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/** The policy snippet of docs/escalation.md; compiled by the build, checked by DocSnippetsTest. */
final class EscalationSnippets {
  private EscalationSnippets() {}

  static IncidentHandle raise(AlertClient client, Alert alert, Recipient alice, Recipient bob, Recipient carol, Recipient dave,
      Recipient teamList) {
    // tag::escalation-policy[]
    OnCallSchedule primary = OnCallSchedule.builder("primary")
        .layer(Rotation.builder("weekly").participants(alice, bob, carol)
            .shift(Duration.ofDays(7))
            .handoff(LocalDate.of(2026, 1, 5), LocalTime.of(9, 0), ZoneId.of("Europe/London"))
            .build())
        .build();

    EscalationPolicy policy = EscalationPolicy.builder("db-critical")
        .step(s -> s.target(EscalationTarget.onCall(primary))
                    .via(Rule.deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL))
                    .waitForAck(Duration.ofMinutes(5)))
        .step(s -> s.target(EscalationTarget.group("dba", bob, dave))
                    .via(Rule.deliver(Channel.VOICE))
                    .waitForAck(Duration.ofMinutes(10)))
        .repeat(1)                                                  // the whole list once more
        .onExhausted(Rule.deliver(Channel.EMAIL), teamList)         // then tell the team
        .build();

    IncidentHandle incident = client.raise(alert, policy);         // step 1 is paged now
    client.acknowledge(incident.id(), "alice");                     // from your own UI
    client.resolve(incident.id(), "alice");
    client.resolveByDedupKey("disk:db-1", "monitor");               // the monitored condition cleared
    // end::escalation-policy[]
    return incident;
  }
}
