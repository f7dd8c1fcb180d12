package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.alertkit.ValidationException;
import dev.alertkit.Failure;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@link ContactVerifier} against the emulator's Twilio Verify v2: every endpoint, every status, the errors. */
class ContactVerifierTest {
  static final String SERVICE = "VA0123456789abcdef0123456789abcdef";
  static final String NUMBER = "+14155550100";

  private final ManualClock clock = ManualClock.at("2026-11-30T09:00:00Z");
  private TwilioEmulator emulator;
  private TwilioProviders twilio;
  private ContactVerifier verifier;

  @BeforeEach
  void start() {
    emulator = TwilioEmulator.builder().clock(clock).start();
    twilio = TwilioProviders.of(Fixtures.config(emulator).build(), clock);
    verifier = twilio.verifier(SERVICE);
  }

  @AfterEach
  void stop() {
    verifier.close();
    twilio.close();
    emulator.close();
  }

  @Test
  void startSendsACodeAndTheRightCodeApprovesTheNumber() {
    // Given a verification started by SMS
    VerificationResult started = verifier.start(NUMBER, VerificationChannel.SMS);
    assertThat(started.status()).isEqualTo(VerificationStatus.PENDING);
    assertThat(started.channel()).contains(VerificationChannel.SMS);
    assertThat(started.verificationSid().orElseThrow()).matches("VE[0-9a-f]{32}");
    assertThat(started.verifiedAt()).isEmpty();
    String code = emulator.verificationCode(NUMBER).orElseThrow();

    // When the person types a wrong code, then the right one a minute later
    VerificationResult wrong = verifier.check(NUMBER, "000000".equals(code) ? "111111" : "000000");
    clock.advance(Duration.ofMinutes(1));
    VerificationResult right = verifier.check(NUMBER, " " + code + " ");

    // Then the wrong code leaves it pending and the right one approves it, at the client's clock
    assertThat(wrong.status()).isEqualTo(VerificationStatus.PENDING);
    assertThat(wrong.failure()).isEmpty();
    assertThat(right.approved()).isTrue();
    assertThat(right.verifiedAt()).contains(clock.instant());
    assertThat(right.verificationSid()).isEqualTo(started.verificationSid());
    // and the wire carried what the spec requires: To + Channel, then To + Code, on the Verify paths
    List<TwilioEmulator.Request> requests = emulator.requests();
    assertThat(requests).extracting(TwilioEmulator.Request::path).containsExactly(
        "/v2/Services/" + SERVICE + "/Verifications", "/v2/Services/" + SERVICE + "/VerificationCheck",
        "/v2/Services/" + SERVICE + "/VerificationCheck");
    assertThat(requests.get(0).params()).containsEntry("To", List.of(NUMBER)).containsEntry("Channel", List.of("sms"));
    assertThat(requests.get(2).params()).containsEntry("To", List.of(NUMBER)).containsEntry("Code", List.of(code));
    assertThat(requests).allSatisfy(r -> assertThat(r.username()).contains(emulator.accountSid()));
    // and a check after approval finds nothing pending
    assertThat(verifier.check(NUMBER, code).status()).isEqualTo(VerificationStatus.NOT_FOUND);
  }

  @Test
  void callAndWhatsAppChannelsAreSentAsTwilioNamesThem() {
    assertThat(verifier.start(NUMBER, VerificationChannel.CALL).channel()).contains(VerificationChannel.CALL);
    assertThat(verifier.start("+14155550101", VerificationChannel.WHATSAPP).channel()).contains(VerificationChannel.WHATSAPP);
    assertThat(emulator.verifications()).extracting(TwilioEmulator.Verification::channel).containsExactly("call", "whatsapp");
  }

  @Test
  void fiveWrongCodesEndInMaxAttemptsReachedClassifiedPermanent() {
    // Given a pending verification
    verifier.start(NUMBER, VerificationChannel.SMS);
    String code = emulator.verificationCode(NUMBER).orElseThrow();
    String wrong = "000000".equals(code) ? "111111" : "000000";

    // When five wrong codes are typed, then a sixth attempt
    for (int i = 0; i < 5; i++) {
      assertThat(verifier.check(NUMBER, wrong).status()).isEqualTo(VerificationStatus.PENDING);
    }
    VerificationResult refused = verifier.check(NUMBER, code);

    // Then even the right code is refused: Twilio 60202 (HTTP 429), which no resend can fix
    assertThat(refused.status()).isEqualTo(VerificationStatus.MAX_ATTEMPTS_REACHED);
    Failure f = refused.failure().orElseThrow();
    assertThat(f.kind()).isEqualTo(Failure.Kind.PERMANENT);
    assertThat(f.fault()).isEqualTo(Failure.Fault.RECIPIENT);
    assertThat(f.providerCode()).contains("60202");
    assertThat(f.httpStatus()).hasValue(429);
    assertThat(f.reason()).contains("too many wrong codes");
  }

  @Test
  void sixthSendIsRefusedWithMaxSendAttempts() {
    // Given five sends of one verification (the start and four resends)
    for (int i = 0; i < 5; i++) {
      assertThat(verifier.start(NUMBER, VerificationChannel.SMS).pending()).isTrue();
    }
    assertThat(emulator.verifications()).singleElement().extracting(TwilioEmulator.Verification::sends).isEqualTo(5);

    // When a sixth is asked for
    VerificationResult r = verifier.start(NUMBER, VerificationChannel.SMS);

    // Then Twilio 60203 comes back as a failed result, classified permanent despite HTTP 429
    assertThat(r.status()).isEqualTo(VerificationStatus.FAILED);
    assertThat(r.failure().orElseThrow().providerCode()).contains("60203");
    assertThat(r.failure().orElseThrow().kind()).isEqualTo(Failure.Kind.PERMANENT);
    assertThat(r.failure().orElseThrow().reason()).contains("too many codes were sent");
  }

  @Test
  void codeExpiresAfterTenMinutesOnTheClock() {
    // Given a code sent now
    verifier.start(NUMBER, VerificationChannel.SMS);
    String code = emulator.verificationCode(NUMBER).orElseThrow();

    // When the person types it eleven minutes later
    clock.advance(Duration.ofMinutes(11));
    VerificationResult r = verifier.check(NUMBER, code);

    // Then Twilio has nothing pending (404, 20404) and the emulator shows the verification expired
    assertThat(r.status()).isEqualTo(VerificationStatus.NOT_FOUND);
    assertThat(r.failure().orElseThrow().providerCode()).contains("20404");
    assertThat(r.failure().orElseThrow().reason()).contains("start a new verification");
    assertThat(emulator.verifications()).singleElement().extracting(TwilioEmulator.Verification::status).isEqualTo("expired");
  }

  @Test
  void canceledVerificationCannotBeApproved() {
    // Given a started verification that is canceled
    VerificationResult started = verifier.start(NUMBER, VerificationChannel.SMS);
    String code = emulator.verificationCode(NUMBER).orElseThrow();
    VerificationResult canceled = verifier.cancel(started.verificationSid().orElseThrow());

    // Then it is canceled and its code no longer works
    assertThat(canceled.status()).isEqualTo(VerificationStatus.CANCELED);
    assertThat(canceled.to()).isEqualTo(NUMBER);
    assertThat(verifier.check(NUMBER, code).status()).isEqualTo(VerificationStatus.NOT_FOUND);
    // and canceling again finds nothing
    assertThat(verifier.cancel(started.verificationSid().orElseThrow()).status()).isEqualTo(VerificationStatus.NOT_FOUND);
  }

  @Test
  void landlineCannotBeVerifiedBySmsButCanByCall() {
    // Given a landline
    emulator.lineType(NUMBER, "landline");

    // When verification is started by SMS, then by call
    VerificationResult sms = verifier.start(NUMBER, VerificationChannel.SMS);
    VerificationResult call = verifier.start(NUMBER, VerificationChannel.CALL);

    // Then SMS fails with 60205 and a hint, the call goes out
    assertThat(sms.status()).isEqualTo(VerificationStatus.FAILED);
    assertThat(sms.failure().orElseThrow().providerCode()).contains("60205");
    assertThat(sms.failure().orElseThrow().reason()).contains("VerificationChannel.CALL");
    assertThat(call.pending()).isTrue();
  }

  @Test
  void providerFailuresAreClassifiedLikeEveryOtherTwilioFailure() {
    // 5xx: the code may have been sent
    emulator.failNext(TwilioEmulator.Reply.serverError(503));
    Failure ambiguous = verifier.start(NUMBER, VerificationChannel.SMS).failure().orElseThrow();
    assertThat(ambiguous.kind()).isEqualTo(Failure.Kind.AMBIGUOUS);
    // 429 rate limit: not processed, with Retry-After
    emulator.failNext(TwilioEmulator.Reply.rateLimited(Duration.ofSeconds(3)));
    Failure limited = verifier.start(NUMBER, VerificationChannel.SMS).failure().orElseThrow();
    assertThat(limited.kind()).isEqualTo(Failure.Kind.RETRYABLE);
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(3));
    // 60212 concurrent requests: retryable
    emulator.failNext(TwilioEmulator.Reply.error(429, 60212, "Too many concurrent requests for phone number"));
    assertThat(verifier.start(NUMBER, VerificationChannel.SMS).failure().orElseThrow().kind()).isEqualTo(Failure.Kind.RETRYABLE);
    // reset connection on a check: ambiguous
    emulator.failNext(TwilioEmulator.Reply.connectionReset());
    assertThat(verifier.check(NUMBER, "123456").failure().orElseThrow().kind()).isEqualTo(Failure.Kind.AMBIGUOUS);
    // bad parameter from Twilio: permanent, with Twilio's message
    emulator.failNext(TwilioEmulator.Reply.error(400, 60200, "Invalid parameter"));
    Failure invalid = verifier.start(NUMBER, VerificationChannel.SMS).failure().orElseThrow();
    assertThat(invalid.kind()).isEqualTo(Failure.Kind.PERMANENT);
    assertThat(invalid.providerCode()).contains("60200");
    // wrong credentials
    try (TwilioProviders wrong = TwilioProviders.of(Fixtures.config(emulator).authToken("wrong-token-0000000000000000000").build());
        ContactVerifier v = wrong.verifier(SERVICE)) {
      Failure auth = v.start(NUMBER, VerificationChannel.SMS).failure().orElseThrow();
      assertThat(auth.providerCode()).contains("20003");
      assertThat(auth.kind()).isEqualTo(Failure.Kind.PERMANENT);
    }
    // and no scripted failure created a verification
    assertThat(emulator.verifications()).isEmpty();
  }

  @Test
  void badInputIsRejectedNamingTheFieldWithoutRepeatingTheCode() {
    assertThatThrownBy(() -> verifier.start("4155550100", VerificationChannel.SMS))
        .isInstanceOf(ValidationException.class).hasMessageContaining("to");
    assertThatThrownBy(() -> verifier.start(NUMBER, null)).isInstanceOf(ValidationException.class).hasMessageContaining("channel");
    assertThatThrownBy(() -> verifier.check(NUMBER, "12-34!secret"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("code").hasMessageNotContaining("12-34!secret");
    assertThatThrownBy(() -> twilio.verifier("VA123")).isInstanceOf(ValidationException.class).hasMessageContaining("verifyServiceSid");
    assertThatThrownBy(() -> verifier.cancel("XX")).isInstanceOf(ValidationException.class).hasMessageContaining("verificationSid");
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  void codesAppearInNoLogLineAndNoResult() {
    // Given every logger of ours, the SDK's and the HTTP client's at DEBUG
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    List<String> names = List.of("dev.alertkit", "com.twilio", "org.apache.hc.client5.http.impl");
    names.forEach(n -> ((Logger) LoggerFactory.getLogger(n)).setLevel(Level.DEBUG));
    appender.start();
    root.addAppender(appender);
    try {
      // When a code is sent, checked wrong and right
      VerificationResult started = verifier.start(NUMBER, VerificationChannel.SMS);
      String code = emulator.verificationCode(NUMBER).orElseThrow();
      VerificationResult wrong = verifier.check(NUMBER, "999999".equals(code) ? "888888" : "999999");
      VerificationResult right = verifier.check(NUMBER, code);

      // Then the code is in no log line and no result's text, and the number is masked in our logs
      StringBuilder seen = new StringBuilder();
      appender.list.forEach(e -> seen.append(e.getFormattedMessage()).append('\n'));
      seen.append(started).append(wrong).append(right);
      assertThat(seen.toString()).doesNotContain(code).doesNotContain("Code=");
      assertThat(appender.list.stream().filter(e -> e.getLoggerName().startsWith("dev.alertkit.twilio.ContactVerifier")))
          .isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(NUMBER).contains("+1\u2022\u2022\u20220100"));
    } finally {
      root.detachAppender(appender);
      names.forEach(n -> ((Logger) LoggerFactory.getLogger(n)).setLevel(null));
    }
  }

  @Test
  void verifierHoldsAShareOfThePoolUntilClosed() {
    // Given providers of one account and a verifier; the SMS provider is closed
    try (TwilioProviders account = TwilioProviders.of(Fixtures.config(emulator).build())) {
      ContactVerifier v = account.verifier(SERVICE);
      account.sms().close();

      // Then the pool stays while the verifier is open, and goes with it
      assertThat(account.isClosed()).isFalse();
      assertThat(v.start(NUMBER, VerificationChannel.SMS).pending()).isTrue();
      v.close();
      v.close();
      assertThat(account.isClosed()).isTrue();
      assertThatThrownBy(() -> v.start(NUMBER, VerificationChannel.SMS)).isInstanceOf(IllegalStateException.class);
    }
  }
}
