package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoutingPolicyBuilderTest {

  static ChannelProvider provider(String name, Channel... channels) {
    return new ChannelProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Set<Channel> channels() {
        return Set.of(channels);
      }

      @Override
      public SendResult send(OutboundMessage message) {
        return SendResult.accepted("x", "queued");
      }
    };
  }

  static Stream<Arguments> invalidConfigurations() {
    return Stream.of(
        row("policy without default rule", () -> RoutingPolicy.builder().rule(Rule.deliver(Channel.SMS)).build(),
            "routing.otherwise: a default rule is required so that every alert has a plan; add .otherwise(Rule.deliver(...))"),
        row("tier with no channels", () -> Rule.deliver(), "rule.tiers[0]: a tier needs at least one channel"),
        row("fallback tier with no channels", () -> Rule.deliver(Channel.SMS).named("r").thenFallbackTo(),
            "rule[r].tiers[1]: a tier needs at least one channel"),
        row("channel twice in a plan", () -> Rule.deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL, Channel.SMS),
            "rule.tiers[1]: SMS appears more than once in the rule's plan"),
        row("two rules with one name", () -> RoutingPolicy.builder().rule(Rule.deliver(Channel.SMS).named("x"))
            .rule(Rule.deliver(Channel.EMAIL).named("x")).otherwise(Rule.deliver(Channel.EMAIL)).build(),
            "routing.rules[x]: another rule has the same name"),
        row("invalid label regex", () -> Match.labelMatches("host", "db-[0-9"),
            "match.labelMatches[host]: 'db-[0-9' is not a valid regular expression: Unclosed character class"),
        row("unknown country", () -> Match.recipientCountry("XX"), "match.recipientCountry: 'XX' is not a known ISO 3166 region code"),
        row("empty time window", () -> Match.between(LocalTime.NOON, LocalTime.NOON, ZoneId.of("UTC")),
            "match.between: quietHours: start and end are both 12:00: the window is empty"),
        row("skip policy without channels", () -> QuietHoursPolicy.skip(), "quietHoursPolicy.skip: name at least one channel to skip"),
        row("client without providers", () -> AlertClient.builder().build(), "providers: at least one ChannelProvider is required; add .provider(...)"),
        row("client with two providers of one name", () -> AlertClient.builder().provider(provider("p", Channel.SMS))
            .provider(provider("p", Channel.EMAIL)).build(), "providers[p]: another provider has the same name; names must be unique"),
        row("rule plans a channel no provider serves", () -> AlertClient.builder().provider(provider("sms", Channel.SMS))
            .routing(RoutingPolicy.builder().rule(Rule.when(Match.severity(Severity.CRITICAL)).named("critical")
                .deliver(Channel.SMS, Channel.VOICE)).otherwise(Rule.deliver(Channel.SMS)).build()).build(),
            "routing.rules[critical]: plans VOICE but no provider serves VOICE; add a provider for VOICE or remove it from the rule"),
        row("negative close timeout", () -> AlertClient.builder().closeTimeout(java.time.Duration.ofSeconds(-1)),
            "closeTimeout: must be zero or positive (was PT-1S)"),
        row("zero concurrency", () -> AlertClient.builder().maxConcurrentSends(0), "maxConcurrentSends: must be between 1 and 10000 (was 0)"),
        row("dedup window zero", () -> Dedup.window(java.time.Duration.ZERO), "dedup.window: must be a positive duration (was PT0S)"));
  }

  private static Arguments row(String name, Supplier<?> build, String message) {
    return Arguments.of(name, build, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConfigurations")
  void rejectsInvalidConfigurationNamingFieldAndRule(String name, Supplier<?> build, String message) {
    assertThatThrownBy(build::get).isInstanceOf(ValidationException.class).hasMessage(message);
  }

  @Test
  void defaultPolicyTriesServedChannelsInProviderOrder() {
    try (AlertClient client = AlertClient.builder().provider(provider("sms", Channel.SMS)).provider(provider("mail", Channel.EMAIL)).build()) {
      assertThat(client.routing().otherwise().tiers()).containsExactly(java.util.List.of(Channel.SMS), java.util.List.of(Channel.EMAIL));
    }
  }
}
