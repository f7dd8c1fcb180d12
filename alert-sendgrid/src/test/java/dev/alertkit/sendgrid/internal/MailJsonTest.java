package dev.alertkit.sendgrid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailJsonTest {
  private final MailJson json = new MailJson();

  @Test
  void countsCustomArgsAsUtf8JsonBytes() {
    assertThat(json.customArgsBytes(Map.of("k", "v"))).isEqualTo("{\"k\":\"v\"}".length());
    assertThat(json.customArgsBytes(Map.of("k", "é"))).isEqualTo("{\"k\":\"\"}".length() + 2);
  }

  @Test
  void readsSendGridErrorsAndToleratesOtherBodies() {
    assertThat(json.errors("{\"errors\":[{\"message\":\"m1\",\"field\":null,\"help\":null},{\"message\":\"m2\",\"field\":\"from.email\",\"help\":\"http://h\"}]}"))
        .containsExactly("m1", "from.email: m2 (http://h)");
    assertThat(json.errors("not json")).isEmpty();
    assertThat(json.errors("")).isEmpty();
    assertThat(json.errors("{\"message\":\"x\"}")).isEmpty();
  }

  @Test
  void stripsCommasAndSemicolonsFromDisplayNames() {
    byte[] body = json.body(
        new MailJson.Envelope("f@example.com", java.util.Optional.empty(), java.util.Optional.empty(), List.of(), java.util.OptionalInt.empty(), false),
        RenderedEmail.content("s", "t", "h"),
        List.of(new MailJson.Personalization("a@example.com", java.util.Optional.of("Doe, John; Jr"), Map.of())));
    assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).contains("\"name\":\"Doe  John  Jr\"");
  }
}
