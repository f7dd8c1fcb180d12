package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecipientVerifiedAtTest {
  private static final Instant PHONE = Instant.parse("2026-11-01T10:00:00Z");
  private static final Instant EMAIL = Instant.parse("2026-11-02T10:00:00Z");
  private static final Instant WHATSAPP = Instant.parse("2026-11-03T10:00:00Z");

  @Test
  void verifiedAtIsPerAddressAndWhatsAppFallsBackToThePhone() {
    // Given a person with a verified phone and email, and no separate WhatsApp number
    Recipient r = Recipient.builder("alice").phone("+14155550100").phoneVerifiedAt(PHONE).email("a@example.com").emailVerifiedAt(EMAIL).build();

    // Then each channel reports the verification of the address it uses
    assertThat(r.verifiedAt(Channel.SMS)).contains(PHONE);
    assertThat(r.verifiedAt(Channel.VOICE)).contains(PHONE);
    assertThat(r.verifiedAt(Channel.WHATSAPP)).contains(PHONE);
    assertThat(r.verifiedAt(Channel.EMAIL)).contains(EMAIL);
  }

  @Test
  void separateWhatsAppNumberNeedsItsOwnVerification() {
    // Given a separate WhatsApp number
    Recipient unverified = Recipient.builder("bob").phone("+14155550100").phoneVerifiedAt(PHONE).whatsapp("+14155550199").build();
    Recipient verified = Recipient.builder("bob").phone("+14155550100").whatsapp("+14155550199").whatsappVerifiedAt(WHATSAPP).build();

    // Then only its own verification counts
    assertThat(unverified.verifiedAt(Channel.WHATSAPP)).isEmpty();
    assertThat(verified.verifiedAt(Channel.WHATSAPP)).contains(WHATSAPP);
    assertThat(verified.verifiedAt(Channel.SMS)).isEmpty();
    assertThat(verified).isNotEqualTo(unverified);
  }

  @Test
  void verifiedAtWithoutTheAddressIsRejectedNamingTheField() {
    assertThatThrownBy(() -> Recipient.builder("c").email("c@example.com").phoneVerifiedAt(PHONE).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("recipient[c].phoneVerifiedAt");
    assertThatThrownBy(() -> Recipient.builder("c").phone("+14155550100").emailVerifiedAt(EMAIL).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("recipient[c].emailVerifiedAt");
    assertThatThrownBy(() -> Recipient.builder("c").phone("+14155550100").whatsappVerifiedAt(WHATSAPP).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("recipient[c].whatsappVerifiedAt");
    assertThatThrownBy(() -> Recipient.builder("c").phoneVerifiedAt(null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("recipient[c].phoneVerifiedAt");
  }

  @Test
  void requireVerifiedAddressesIsCarriedIntoTheDecisionAndMergedAcrossContinuingRules() {
    // Given a continuing rule that requires verification, merged with the default
    RoutingPolicy policy = RoutingPolicy.builder()
        .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).deliver(Channel.SMS).requireVerifiedAddresses().continueMatching())
        .otherwise(Rule.deliver(Channel.EMAIL))
        .build();
    Recipient r = Recipient.builder("d").phone("+14155550100").build();
    Alert critical = Alert.builder().severity(Severity.CRITICAL).title("t").recipient(r).build();
    Alert info = Alert.builder().severity(Severity.INFO).title("t").recipient(r).build();

    // Then the merged decision requires verification, and a decision from rules without the option does not
    assertThat(policy.route(critical, r, Instant.EPOCH).requireVerified()).isTrue();
    assertThat(policy.route(info, r, Instant.EPOCH).requireVerified()).isFalse();
    assertThat(policy.rules().get(0).requiresVerifiedAddresses()).isTrue();
    assertThat(policy.rules().get(0).toString()).contains("verified addresses only");
  }
}
