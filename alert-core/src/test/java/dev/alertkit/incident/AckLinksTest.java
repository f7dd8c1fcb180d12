package dev.alertkit.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Signed links: bound to incident, recipient and expiry; tampering and expiry detected; the key never shown. */
class AckLinksTest {
  static final byte[] KEY = "a-test-signing-key-of-32-bytes-min!".getBytes(StandardCharsets.UTF_8);
  static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  final AckLinks links = AckLinks.builder().signingKey(KEY).baseUrl("https://alerts.example.com/").ttl(Duration.ofHours(1)).build();

  @Test
  void aTokenCarriesIncidentRecipientAndExpiryAndExpiresOnTime() {
    String url = links.url("inc-1", "alice", NOW);
    String token = url.substring(url.indexOf("t=") + 2);

    AckLinks.Verified ok = links.verify(token, NOW.plus(Duration.ofMinutes(59)));
    AckLinks.Verified late = links.verify(token, NOW.plus(Duration.ofHours(1)));

    assertThat(url).startsWith("https://alerts.example.com/alertkit/ack?t=");
    assertThat(ok.status()).isEqualTo(AckLinks.Status.VALID);
    assertThat(ok.incidentId()).contains("inc-1");
    assertThat(ok.recipientId()).contains("alice");
    assertThat(late.status()).isEqualTo(AckLinks.Status.EXPIRED);
  }

  @Test
  void anyChangedCharacterOrAnotherKeyMakesTheTokenInvalid() {
    String token = links.token("inc-1", "alice", NOW.plusSeconds(3600));
    AckLinks other = AckLinks.builder().signingKey("another-signing-key-of-32-bytes!!!".getBytes(StandardCharsets.UTF_8))
        .baseUrl("https://alerts.example.com").build();

    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      String changed = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
      assertThat(links.verify(changed, NOW).status()).as("changed at " + i).isEqualTo(AckLinks.Status.INVALID);
    }
    assertThat(other.verify(token, NOW).status()).isEqualTo(AckLinks.Status.INVALID);
    assertThat(links.verify(null, NOW).status()).isEqualTo(AckLinks.Status.INVALID);
    assertThat(links.verify("a.b.c", NOW).status()).isEqualTo(AckLinks.Status.INVALID);
    assertThat(links.token("inc-1", "alice", NOW)).isNotEqualTo(links.token("inc-1", "alice", NOW)); // single-use ids differ
  }

  @Test
  void theKeyIsNeverShownAndMustBeLongEnough() {
    assertThat(links.toString()).doesNotContain("a-test-signing-key").contains("****");
    assertThatThrownBy(() -> AckLinks.builder().signingKey(new byte[16])).isInstanceOf(ValidationException.class)
        .hasMessage("signingKey: must be at least 32 bytes");
  }
}
