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

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "+14155550123, +1415•••0123",
      "+919812345678, +9198•••5678",
      "whatsapp:+14155550123, whatsapp:+1415•••0123",
      "+4930123, +4•••3",
      "12, •••"})
  void masksPhoneNumbersKeepingPrefixAndLastFourDigits(String phone, String masked) {
    assertThat(Redaction.phone(phone)).isEqualTo(masked);
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
    assertThat(Redaction.text(twilio)).isEqualTo("The 'To' number +1415" + M + "0123 is not a valid phone number. Write to b" + M
        + "@example.org; at 2026-11-28T09:00:00Z, code 21211, SID SM0123456789abcdef");
    assertThat(Redaction.text("call +91 98123 45678 now")).isEqualTo("call +9198" + M + "5678 now");
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
    assertThat(f.reason()).doesNotContain("+14155550123").doesNotContain("\n").contains("+1415" + M + "0123");
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
