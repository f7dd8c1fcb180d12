package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecipientBuilderTest {

  static Stream<Arguments> invalidRecipients() {
    return Stream.of(
        row("blank id", () -> Recipient.builder(" ").build(), "recipient.id: must not be blank"),
        row("null id", () -> Recipient.builder(null).build(), "recipient.id: is required"),
        row("id with newline", () -> Recipient.builder("al\nice").build(),
            "recipient.id: must be a single line without control characters (found LF at index 2)"),
        row("id too long", () -> Recipient.builder("x".repeat(129)).build(), "recipient.id: must be at most 128 characters (was 129)"),
        row("name with CR", () -> Recipient.builder("a").name("Al\rice").build(),
            "recipient[a].name: must be a single line without control characters (found CR at index 2)"),
        row("phone without country code or region", () -> Recipient.builder("a").phone("98123 45678").build(),
            "recipient[a].phone: '98123 45678' has no country code (+...) and no default region is set; write it in international form"),
        row("phone that is not a number", () -> Recipient.builder("a").phone("+91 call me").build(),
            "recipient[a].phone: '+91 call me' is not a phone number"),
        row("phone with unknown country code", () -> Recipient.builder("a").phone("+999 1234 5678").build(),
            "recipient[a].phone: '+999 1234 5678' has an unknown country code"),
        row("phone too short for its country", () -> Recipient.builder("a").phone("+91 123").build(),
            "recipient[a].phone: '+91 123' is not a possible phone number for its country"),
        row("unknown default region", () -> Recipient.builder("a").defaultRegion("XX").build(),
            "recipient[a].defaultRegion: 'XX' is not a known ISO 3166 region code"),
        row("email without at", () -> Recipient.builder("a").email("alice.example.com").build(),
            "recipient[a].email: is not a valid email address: has no '@'"),
        row("email without tld", () -> Recipient.builder("a").email("alice@example").build(),
            "recipient[a].email: is not a valid email address: 'a\u2022\u2022\u2022@example' does not have the form local@domain.tld"),
        row("email with CRLF injection", () -> Recipient.builder("a").email("a@example.com\r\nBcc: x@y.z").build(),
            "recipient[a].email: is not a valid email address: contains control characters"),
        row("empty quiet hours", () -> Recipient.builder("a").quietHours(LocalTime.of(22, 0), LocalTime.of(22, 0)).build(),
            "recipient[a].quietHours: quietHours: start and end are both 22:00: the window is empty"),
        row("overlapping quiet hours", () -> Recipient.builder("a").quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0))
                .quietHours(LocalTime.of(6, 0), LocalTime.of(8, 0)).build(),
            "recipient[a].quietHours: window 06:00-08:00 overlaps window 22:00-07:00"),
        row("preferred order repeats", () -> Recipient.builder("a").preferredOrder(Channel.SMS, Channel.SMS).build(),
            "recipient[a].preferredOrder: SMS is listed twice"),
        row("null time zone", () -> Recipient.builder("a").timeZone(null).build(), "recipient[a].timeZone: is required"));
  }

  private static Arguments row(String name, Supplier<?> build, String message) {
    return Arguments.of(name, build, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRecipients")
  void rejectsInvalidRecipientNamingFieldAndRule(String name, Supplier<?> build, String message) {
    assertThatThrownBy(build::get).isInstanceOf(ValidationException.class).hasMessage(message);
  }

  @Test
  void normalisesPhoneNumbersToE164() {
    Recipient r = Recipient.builder("a").phone("+91 98123 45678").whatsapp("whatsapp:+1 (415) 555-0100").build();
    assertThat(r.phone()).contains("+919812345678");
    assertThat(r.whatsapp()).contains("+14155550100");
    assertThat(r.phoneRegion()).contains("IN");
  }

  @Test
  void readsNationalNumbersWithADefaultRegion() {
    Recipient r = Recipient.builder("a").defaultRegion("IN").phone("098123 45678").build();
    assertThat(r.phone()).contains("+919812345678");
  }

  @Test
  void whatsappFallsBackToThePhoneNumber() {
    Recipient r = Recipient.builder("a").phone("+14155550100").build();
    assertThat(r.address(Channel.WHATSAPP)).contains("+14155550100");
    assertThat(r.address(Channel.EMAIL)).isEmpty();
    assertThat(r.canReceive(Channel.EMAIL)).isFalse();
  }

  @Test
  void optedOutChannelIsNotReceivable() {
    Recipient r = Recipient.builder("a").phone("+14155550100").optOut(Channel.VOICE).build();
    assertThat(r.canReceive(Channel.SMS)).isTrue();
    assertThat(r.canReceive(Channel.VOICE)).isFalse();
  }

  @Test
  void quietHoursAcrossMidnightAreEvaluatedInTheRecipientsZone() {
    // Given quiet hours 22:00-07:00 in Kolkata (UTC+05:30)
    Recipient r = Recipient.builder("a").timeZone(ZoneId.of("Asia/Kolkata")).quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).build();
    // Then 16:29 UTC (21:59 IST) is not quiet, 16:30 UTC (22:00 IST) is, and the window ends at 01:30 UTC (07:00 IST)
    assertThat(r.isQuietAt(Instant.parse("2026-11-28T16:29:00Z"))).isFalse();
    assertThat(r.isQuietAt(Instant.parse("2026-11-28T16:30:00Z"))).isTrue();
    assertThat(r.quietUntil(Instant.parse("2026-11-28T16:30:00Z"))).isEqualTo(Instant.parse("2026-11-29T01:30:00Z"));
    assertThat(r.isQuietAt(Instant.parse("2026-11-29T01:30:00Z"))).isFalse();
  }

  @Test
  void adjacentQuietWindowsChain() {
    Recipient r = Recipient.builder("a").quietHours(LocalTime.of(22, 0), LocalTime.of(2, 0)).quietHours(LocalTime.of(2, 0), LocalTime.of(7, 0)).build();
    assertThat(r.quietUntil(Instant.parse("2026-11-28T23:00:00Z"))).isEqualTo(Instant.parse("2026-11-29T07:00:00Z"));
  }

  @Test
  void toStringShowsAddressesMasked() {
    Recipient r = Recipient.builder("a").phone("+14155550100").email("alice@example.com").whatsapp("+919812345678").build();
    assertThat(r.toString()).contains("a").contains("+1\u2022\u2022\u20220100").contains("a\u2022\u2022\u2022@example.com")
        .contains("+91\u2022\u2022\u20225678").doesNotContain("+14155550100").doesNotContain("alice@").doesNotContain("9812345678");
  }
}
