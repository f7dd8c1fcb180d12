package dev.alertkit.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.Failure;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RedactionTest {
  private static final String M = Redaction.MASK;

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
      "+14155550123, +1•••0123",
      "+919812345678, +91•••5678",
      "+447911123456, +44•••3456",
      "+353861234567, +353•••567",
      "+79161234567, +7•••4567",
      "whatsapp:+14155550123, whatsapp:+1•••0123",
      "'+1 (415) 555-0123', +1•••0123",
      // long: 13 and 15 digits keep the country code and the last four, no more
      "+8613812345678, +86•••5678",
      "+971501234567890, +971•••7890",
      // 10 digits without a country code (national form): the last four only
      "4155550123, •••0123",
      // shorter: fewer digits shown, so that six after the country code stay hidden
      "+33612345678, +33•••678",
      "+6591234567, +65•••67",
      "+3546123456, +354•••",
      "+4930123, +•••",
      "12345, •••",
      "12, •••",
      "'', •••"})
  void masksPhoneNumbersKeepingAtMostTheCountryCodeAndTheLastFourDigits(String phone, String masked) {
    assertThat(Redaction.phone(phone)).isEqualTo(masked);
  }

  @Test
  void aMaskedPhoneNumberAlwaysHidesAtLeastSixDigitsAndShowsAtMostTheCountryCodeAndFourMore() {
    // Given numbers of every length from 1 to 15 digits, with one-, two- and three-digit country codes, in
    // international and in national form
    for (String all : new String[] {"123456789012345", "449876543210987", "353123456789012"}) {
      for (int length = 1; length <= 15; length++) {
        String digits = all.substring(0, length);
        for (String number : new String[] {"+" + digits, digits, "whatsapp:+" + digits}) {
          // When masked
          String masked = Redaction.phone(number);
          // Then at most 4 digits follow the mask, at most 3 precede it, and at least six digits are hidden
          String before = masked.substring(0, masked.indexOf(M)).replaceAll("[^0-9]", "");
          String after = masked.substring(masked.indexOf(M) + M.length());
          assertThat(after).as(number).matches("[0-9]{0,4}");
          assertThat(before.length()).as(number).isLessThanOrEqualTo(number.contains("+") ? 3 : 0);
          assertThat(length - before.length() - after.length()).as(number).isGreaterThanOrEqualTo(Math.min(6, length));
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "alice@example.com, a•••@example.com",
      "a@b.co, a•••@b.co",
      "no-at-sign, •••"})
  void masksEmailAddressesKeepingFirstCharacterAndDomain(String email, String masked) {
    assertThat(Redaction.email(email)).isEqualTo(masked);
  }

  @Test
  void masksAddressesInsideProviderTextButLeavesDatesAndCodesAlone() {
    String twilio = "The 'To' number +14155550123 is not a valid phone number. Write to bob.smith@example.org;"
        + " at 2026-11-28T09:00:00Z, code 21211, SID SM0123456789abcdef";
    assertThat(Redaction.text(twilio)).isEqualTo("The 'To' number +1" + M + "0123 is not a valid phone number. Write to b" + M
        + "@example.org; at 2026-11-28T09:00:00Z, code 21211, SID SM0123456789abcdef");
    assertThat(Redaction.text("call +91 98123 45678 now")).isEqualTo("call +91" + M + "5678 now");
  }

  @Test
  void oneLineKeepsLineBreaksAndLoneSurrogatesOutOfLogLines() {
    assertThat(Redaction.oneLine("a\r\nINFO forged line\u2028b\uD83Dc\uD83D\uDD25")).isEqualTo("a  INFO forged line b\uFFFDc\uD83D\uDD25");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "https://user:secret@proxy.example.com:8443/v1?key=abc#x | https://•••@proxy.example.com:8443/v1?•••",
      "http://127.0.0.1:8089 | http://127.0.0.1:8089",
      "https://u:p@bad host/x | https://•••@bad host/x",
      "no scheme:secret@host | •••@host"})
  void urlsNeverShowUserInfoOrQuery(String url, String shown) {
    assertThat(Redaction.url(url)).isEqualTo(shown);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "https://user:pa/ss@host/v1 | https://•••@host/v1 | pa/ss",
      "https://user:pa?ss@host/v1 | https://••• | pa?ss",
      "https://user:pa#ss@host | https://••• | pa#ss",
      "https://user:p/a?ss@host | https://••• | p/a?ss",
      "https://host/v1?to=alice@example.com | https://••• | alice",
      "user:secret@host/next?u=https://x | •••@host/next?••• | secret"})
  void malformedUrlsShowNoPartOfTheirUserInfoOrQuery(String url, String shown, String secret) {
    // Given a URL whose password (or query) holds a '/', '?' or '#' before the '@' ends the user info
    // When it is shown, then it is masked and no part of the secret appears
    assertThat(Redaction.url(url)).isEqualTo(shown).doesNotContain(secret).doesNotContain("user");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "127.0.0.1, true", "127.10.20.30, true", "localhost, true", "LOCALHOST, true", "[::1], true", "::1, true",
      "0:0:0:0:0:0:0:1, true", "127.0.0.1.evil.example, false", "evil.localhost, false", "10.0.0.1, false",
      "api.twilio.com, false", "128.0.0.1, false", "'', false"})
  void loopbackHostsAreRecognisedWithoutDns(String host, boolean loopback) {
    assertThat(Checks.isLoopbackHost(host)).isEqualTo(loopback);
  }

  @Test
  void failureReasonIsSafeToLogAndTheProviderMessageIsOnlyBehindItsAccessor() {
    String raw = "The 'To' number +14155550123 is not a valid phone number.\nSee https://www.twilio.com/docs/errors/21211";
    Failure f = Failure.permanent(Failure.Fault.RECIPIENT, "Twilio: " + raw).providerMessage(raw).build();
    assertThat(f.reason()).doesNotContain("+14155550123").doesNotContain("\n").contains("+1" + M + "0123");
    assertThat(f.toString()).doesNotContain("+14155550123").doesNotContain("\n");
    assertThat(f.providerMessage()).contains(raw);
    assertThat(f.withReason(f.reason() + "; again").providerMessage()).contains(raw);
  }

  @Test
  void attemptToStringShowsNoAddressUnmasked() {
    Instant t = Instant.parse("2026-11-28T09:00:00Z");
    Attempt a = new Attempt("a1", Channel.EMAIL, 0, "sendgrid", "alice@example.com", false, Optional.empty(), Optional.empty(),
        Optional.of(Failure.permanent(Failure.Fault.RECIPIENT, "alice@example.com bounced").build()), 1, false, Optional.empty(), t, t);
    assertThat(a.toString()).isEqualTo("EMAIL via sendgrid: PERMANENT/RECIPIENT: a" + M + "@example.com bounced");
  }
}
