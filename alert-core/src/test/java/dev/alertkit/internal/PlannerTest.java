package dev.alertkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Channel;
import dev.alertkit.DeliveryPlan;
import dev.alertkit.QuietHoursPolicy;
import dev.alertkit.Recipient;
import dev.alertkit.RoutingPolicy;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner's pure functions: plain values in, plan out, no client and no threads. */
class PlannerTest {
  private static final Instant NIGHT = Instant.parse("2026-11-28T23:00:00Z");
  private final DeliveryPlan plan = DeliveryPlan.of(List.of(List.of(Channel.SMS, Channel.VOICE, Channel.WHATSAPP), List.of(Channel.EMAIL)));

  @Test
  void preferredChannelsGoFirstOneAtATimeWhenTheRuleHonoursPreferences() {
    Recipient r = Recipient.builder("alice").phone("+14155550100").email("a@example.com").preferredOrder(Channel.VOICE).build();

    assertThat(Planner.tiers(new RoutingPolicy.Decision("r", plan, QuietHoursPolicy.defer(), true), r))
        .containsExactly(List.of(Channel.VOICE), List.of(Channel.SMS, Channel.WHATSAPP), List.of(Channel.EMAIL));
    assertThat(Planner.tiers(new RoutingPolicy.Decision("r", plan, QuietHoursPolicy.defer(), false), r)).isEqualTo(plan.tiers());
  }

  @Test
  void skipsSayWhyAndWhetherAPolicyDecided() {
    Recipient r = Recipient.builder("bob").phone("+14155550101").timeZone(ZoneOffset.UTC)
        .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).optOut(Channel.WHATSAPP).build();
    RoutingPolicy.Decision d = new RoutingPolicy.Decision("r", plan, QuietHoursPolicy.skip(Channel.VOICE), false);

    assertThat(Planner.skip(d, r, Channel.EMAIL, NIGHT, true)).hasValue(new Planner.Skip("recipient has no email address", false));
    assertThat(Planner.skip(d, r, Channel.WHATSAPP, NIGHT, true)).hasValue(new Planner.Skip("recipient opted out of WHATSAPP", false));
    assertThat(Planner.skip(d, r, Channel.VOICE, NIGHT, true)).hasValueSatisfying(s -> {
      assertThat(s.byPolicy()).isTrue();
      assertThat(s.reason()).startsWith("quiet hours").endsWith("(rule skips VOICE then)");
    });
    assertThat(Planner.skip(d, r, Channel.SMS, NIGHT, false)).hasValue(new Planner.Skip("no provider serves SMS", false));
    assertThat(Planner.skip(d, r, Channel.SMS, NIGHT, true)).isEmpty();
    assertThat(Planner.skip(d, r, Channel.VOICE, Instant.parse("2026-11-28T12:00:00Z"), true)).isEmpty();
  }
}
