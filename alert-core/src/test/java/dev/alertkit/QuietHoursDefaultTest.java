package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The quiet hours default is severity-aware and resolved by routing, and describe() says so. */
class QuietHoursDefaultTest {
  private static final Instant NOW = Instant.parse("2026-11-28T16:30:00Z"); // 22:00 in Kolkata

  private final Recipient alice = Recipient.builder("alice").phone("+91 98123 45678").email("alice@example.com")
      .timeZone(ZoneId.of("Asia/Kolkata")).quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).build();

  // The README quick start's policy: no rule sets onQuietHours(...).
  private final RoutingPolicy quickStart = RoutingPolicy.builder()
      .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL))
      .otherwise(Rule.deliver(Channel.EMAIL))
      .build();

  private Alert alert(Severity severity) {
    return Alert.builder().severity(severity).title("db-1 disk 97% full").recipient(alice).build();
  }

  @Test
  void ruleWithoutPolicyLetsCriticalBypassQuietHours() {
    // Given a rule without onQuietHours(...), when a CRITICAL alert is routed, then the decision bypasses
    assertThat(quickStart.route(alert(Severity.CRITICAL), alice, NOW).quietHours()).isEqualTo(QuietHoursPolicy.bypass());
  }

  @Test
  void ruleWithoutPolicyDefersWarningAndInfo() {
    assertThat(quickStart.route(alert(Severity.WARNING), alice, NOW).quietHours()).isEqualTo(QuietHoursPolicy.defer());
    assertThat(quickStart.route(alert(Severity.INFO), alice, NOW).quietHours()).isEqualTo(QuietHoursPolicy.defer());
  }

  @Test
  void explicitDeferStillDefersCritical() {
    RoutingPolicy policy = RoutingPolicy.builder()
        .otherwise(Rule.deliver(Channel.SMS).onQuietHours(QuietHoursPolicy.defer())).build();
    assertThat(policy.route(alert(Severity.CRITICAL), alice, NOW).quietHours()).isEqualTo(QuietHoursPolicy.defer());
  }

  @Test
  void defaultAppliesToTheDefaultRuleAndToRequestedChannels() {
    RoutingPolicy policy = RoutingPolicy.builder().otherwise(Rule.deliver(Channel.EMAIL)).build();
    Alert requested = Alert.builder().severity(Severity.CRITICAL).title("t").recipient(alice).channels(Channel.SMS).build();
    assertThat(policy.route(requested, alice, NOW).quietHours()).isEqualTo(QuietHoursPolicy.bypass());
    assertThat(policy.route(alert(Severity.WARNING), alice, NOW).quietHours()).isEqualTo(QuietHoursPolicy.defer());
  }

  @Test
  void mergedRulesWithoutPolicyFallBackToTheSeverityDefault() {
    RoutingPolicy policy = RoutingPolicy.builder()
        .rule(Rule.when(Match.recipientCountry("IN")).named("india").deliver(Channel.WHATSAPP).continueMatching())
        .otherwise(Rule.deliver(Channel.EMAIL))
        .build();
    assertThat(policy.route(alert(Severity.CRITICAL), alice, NOW).quietHours()).isEqualTo(QuietHoursPolicy.bypass());
    assertThat(policy.route(alert(Severity.WARNING), alice, NOW).quietHours()).isEqualTo(QuietHoursPolicy.defer());
  }

  @Test
  void describeStatesTheDefaultAndMarksUnnamedRules() {
    RoutingPolicy policy = RoutingPolicy.builder()
        .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("critical").deliver(Channel.SMS, Channel.VOICE)
            .thenFallbackTo(Channel.EMAIL).onQuietHours(QuietHoursPolicy.bypass()))
        .rule(Rule.when(Match.severity(Severity.WARNING)).deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL))
        .otherwise(Rule.deliver(Channel.EMAIL))
        .build();

    assertThat(policy.describe()).isEqualTo(String.join("\n",
        "critical: when severity>=CRITICAL: [SMS, VOICE] -> EMAIL; quiet hours: bypass",
        "rule-2 (unnamed: name it with .named(...)): when severity=WARNING: SMS -> EMAIL; quiet hours: default: CRITICAL bypasses, WARNING and INFO defer",
        "default (otherwise: when no rule matches): EMAIL; quiet hours: default: CRITICAL bypasses, WARNING and INFO defer"));
  }

  @Test
  void ruleExplicitlyNamedLikeAPositionIsNotCalledUnnamed() {
    RoutingPolicy policy = RoutingPolicy.builder().rule(Rule.deliver(Channel.SMS).named("rule-1"))
        .otherwise(Rule.deliver(Channel.EMAIL).named("fallback").onQuietHours(QuietHoursPolicy.skip(Channel.VOICE))).build();
    assertThat(policy.describe()).startsWith("rule-1: when always: SMS; quiet hours: default")
        .endsWith("fallback (otherwise: when no rule matches): EMAIL; quiet hours: skip [VOICE]");
  }
}
