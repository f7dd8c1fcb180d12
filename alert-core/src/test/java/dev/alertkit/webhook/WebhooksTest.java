package dev.alertkit.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.ValidationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Form parsing, body limits, URLs and case-insensitive headers. */
class WebhooksTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void parsesFormsWithPlusPercentAndUtf8() {
    Map<String, String> p = Webhooks.parseForm(ascii("To=%2B14155550100&Body=caf%C3%A9+ok&Empty=&Flag&&"));
    assertThat(p).containsExactly(Map.entry("To", "+14155550100"), Map.entry("Body", "café ok"), Map.entry("Empty", ""),
        Map.entry("Flag", ""));
    assertThat(Webhooks.parseForm(new byte[0])).isEmpty();
  }

  @Test
  void rejectsMalformedForms() {
    for (String bad : List.of("a=%zz", "a=%4", "a=%", "=x", "a=1&a=2", "a=%FF%FE", "a=b c", "a=\u00e9")) {
      assertThatThrownBy(() -> Webhooks.parseForm(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Webhooks.parseForm(new byte[] {'a', '=', 0})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsAtMostOneByteOverTheLimit() throws Exception {
    byte[] big = new byte[10_000];
    assertThat(Webhooks.readAtMost(new ByteArrayInputStream(big), 100)).hasSize(101);
    assertThat(Webhooks.readAtMost(new ByteArrayInputStream(new byte[50]), 100)).hasSize(50);
  }

  @Test
  void buildsPublicUrlsAndValidatesBases() {
    assertThat(Webhooks.publicUrl("https://abc.ngrok.app/", "/twilio/status?x=1")).isEqualTo("https://abc.ngrok.app/twilio/status?x=1");
    assertThat(Webhooks.publicUrl("https://ex.com/hooks", "twilio/status")).isEqualTo("https://ex.com/hooks/twilio/status");
    assertThat(Webhooks.checkPublicBaseUrl("publicBaseUrl", "https://ex.com/hooks/")).isEqualTo("https://ex.com/hooks");
    assertThatThrownBy(() -> Webhooks.checkPublicBaseUrl("publicBaseUrl", "ex.com")).isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("publicBaseUrl:");
    assertThatThrownBy(() -> Webhooks.checkPublicBaseUrl("publicBaseUrl", "https://ex.com/?a=1")).isInstanceOf(ValidationException.class);
  }

  @Test
  void requestHeadersAreCaseInsensitiveAndNotPrinted() {
    WebhookRequest r = WebhookRequest.builder().method("post").url("https://ex.com/twilio/status?alertkit_alert=a%201")
        .header("X-Twilio-Signature", "c2lnbmF0dXJl").body(ascii("a=1")).build();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.header("x-twilio-signature")).contains("c2lnbmF0dXJl");
    assertThat(r.headers()).containsKey("X-TWILIO-SIGNATURE");
    assertThat(r.rawPath()).isEqualTo("/twilio/status");
    assertThat(r.rawQuery()).contains("alertkit_alert=a%201");
    assertThat(r.toString()).doesNotContain("c2lnbmF0dXJl").doesNotContain("alertkit");
    assertThatThrownBy(() -> WebhookRequest.builder().url("/relative").build()).isInstanceOf(ValidationException.class);
  }

  @Test
  void responsesAreShortAndCopied() {
    WebhookResponse r = WebhookResponse.badRequest("invalid JSON");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyText()).isEqualTo("bad request: invalid JSON");
    r.body()[0] = 'X';
    assertThat(r.bodyText()).startsWith("bad");
    assertThat(WebhookResponse.forbidden().status()).isEqualTo(403);
  }
}
