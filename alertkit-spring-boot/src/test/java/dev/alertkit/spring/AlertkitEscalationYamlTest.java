package dev.alertkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.AlertListener;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.event.AlertEvent;
import dev.alertkit.event.DispatchCompleted;
import dev.alertkit.incident.EscalationPolicy;
import dev.alertkit.incident.EscalationTarget;
import dev.alertkit.incident.IncidentHandle;
import dev.alertkit.oncall.OnCallSchedule;
import dev.alertkit.oncall.Rotation;
import dev.alertkit.testkit.FakeProvider;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** People, on-call schedules and escalation policies in application.yaml are the values the builders make. */
class AlertkitEscalationYamlTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(AlertkitEmulatorAutoConfiguration.class, AlertkitAutoConfiguration.class))
      .withUserConfiguration(Fakes.class);

  @Test
  void yamlPolicyIsTheBuildersPolicyAndTheClientRaisesWithIt() {
    runner.withInitializer(new ConfigDataApplicationContextInitializer())
        .withPropertyValues("spring.config.location=classpath:escalation-test.yaml").run(ctx -> {
          assertThat(ctx).hasNotFailed();
          AlertkitEscalations yaml = ctx.getBean(AlertkitEscalations.class);
          Recipient alice = yaml.person("alice");
          Recipient bob = yaml.person("bob");
          OnCallSchedule primary = OnCallSchedule.builder("primary")
              .layer(Rotation.builder("weekly").participants(alice, bob).shift(Duration.ofDays(7))
                  .handoff(LocalDate.of(2026, 1, 5), LocalTime.of(9, 0), ZoneId.of("Europe/London")).build())
              .build();
          EscalationPolicy byBuilder = EscalationPolicy.builder("db-critical")
              .step(s -> s.target(EscalationTarget.onCall(primary))
                  .via(Rule.deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL)).waitForAck(Duration.ofMinutes(5)))
              .step(s -> s.target(EscalationTarget.recipient(bob)).via(Rule.deliver(Channel.VOICE)).waitForAck(Duration.ofMinutes(10)))
              .repeat(1)
              .onExhausted(Rule.deliver(Channel.EMAIL), yaml.person("team"))
              .build();
          assertThat(yaml.policy("db-critical").toString()).isEqualTo(byBuilder.toString());
          assertThat(yaml.schedule("primary").toString()).isEqualTo(primary.toString());

          AlertClient client = ctx.getBean(AlertClient.class);
          IncidentHandle incident = client.raise(Alert.builder().severity(Severity.CRITICAL).title("db-1 down").recipient(alice).build(),
              yaml.policy("db-critical"));
          assertThat(incident.id()).isNotBlank();
          // The pages go out on the client's executor: wait (bounded) for the SMS page to finish before reading the fake.
          assertThat(ctx.getBean(SmsPaged.class).done.await(30, TimeUnit.SECONDS)).as("SMS page dispatched").isTrue();
          assertThat(ctx.getBean("sms", FakeProvider.class).recorded()).isNotEmpty();
        });
  }

  @Test
  void anUnknownPersonOrScheduleFailsStartupNamingThePath() {
    runner.withPropertyValues("alertkit.escalation.policies.p.steps[0].people=carol", "alertkit.escalation.policies.p.steps[0].deliver=SMS",
        "alertkit.escalation.policies.p.steps[0].wait-for-ack=5m").run(ctx -> {
          assertThat(ctx).hasFailed();
          assertThat(ctx.getStartupFailure()).hasStackTraceContaining(
              "alertkit.escalation.policies.p.steps[0].people: no person 'carol' under alertkit.people");
        });
    runner.withPropertyValues("alertkit.people.alice.phone=+14155550100", "alertkit.escalation.policies.p.steps[0].on-call=nightly",
        "alertkit.escalation.policies.p.steps[0].deliver=SMS", "alertkit.escalation.policies.p.steps[0].wait-for-ack=5m").run(ctx ->
        assertThat(ctx.getStartupFailure()).hasStackTraceContaining("alertkit.escalation.policies.p.steps[0].on-call: no schedule 'nightly'"));
    runner.withPropertyValues("alertkit.people.alice.phone=+14155550100", "alertkit.escalation.policies.p.steps[0].people=alice",
        "alertkit.escalation.policies.p.steps[0].deliver=SMS", "alertkit.escalation.policies.p.steps[0].wait-for-ack=0s").run(ctx ->
        assertThat(ctx.getStartupFailure()).hasStackTraceContaining("alertkit.escalation.policies.p.steps[0]: ")
            .hasStackTraceContaining("waitForAck"));
  }

  @Configuration(proxyBeanMethods = false)
  static class Fakes {
    @Bean
    FakeProvider sms() {
      return FakeProvider.sms();
    }

    @Bean
    FakeProvider voice() {
      return FakeProvider.voice();
    }

    @Bean
    FakeProvider email() {
      return FakeProvider.email();
    }

    @Bean
    SmsPaged smsPaged() {
      return new SmsPaged();
    }
  }

  /** Counts down when the dispatch of an alert that made an SMS attempt completed. */
  static final class SmsPaged implements AlertListener {
    final CountDownLatch done = new CountDownLatch(1);

    @Override
    public void onEvent(AlertEvent event) {
      if (event instanceof DispatchCompleted d && d.report().recipients().stream()
          .flatMap(r -> r.attempts().stream()).anyMatch(a -> a.channel() == Channel.SMS)) {
        done.countDown();
      }
    }
  }
}
