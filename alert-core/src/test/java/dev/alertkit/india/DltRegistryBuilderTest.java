package dev.alertkit.india;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.ValidationException;
import org.junit.jupiter.api.Test;

class DltRegistryBuilderTest {
  private static final String ENTITY = "1101234567890123456";

  @Test
  void rejectsBadEntityIds() {
    assertThatThrownBy(() -> DltRegistry.builder("12345")).isInstanceOf(ValidationException.class)
        .hasMessage("principalEntityId: '12345' must be 19 digits (12 to 19 accepted); it has 5");
    assertThatThrownBy(() -> DltRegistry.builder("11012345678901234567")).hasMessageContaining("it has 20");
  }

  @Test
  void headerRulesNameTheFix() {
    assertThatThrownBy(() -> DltHeader.of("AD-ALRTKT")).hasMessage(
        "header: 'AD-ALRTKT' carries the operator prefix 'AD-'; register and send the header without it: 'ALRTKT'");
    assertThatThrownBy(() -> DltHeader.of("ALRTKT-T")).hasMessageContaining("category suffix '-T'");
    assertThatThrownBy(() -> DltHeader.of("AB")).hasMessage("header: 'AB' must be 6 letters (3 to 8 accepted); it has 2");
    assertThatThrownBy(() -> DltHeader.of("ALRT1T")).hasMessageContaining("found '1' at index 4");
    assertThatThrownBy(() -> DltHeader.of("012345")).hasMessageContaining("first digit is 1-8");
    assertThatThrownBy(() -> DltHeader.of("ALRTKT", DltHeader.Type.PROMOTIONAL)).hasMessageContaining("must be 6 digits");
    assertThatThrownBy(() -> DltHeader.of("712345", DltHeader.Type.TRANSACTIONAL)).hasMessageContaining("numeric headers are promotional");
    assertThat(DltHeader.of("712345").type()).isEqualTo(DltHeader.Type.PROMOTIONAL);
    assertThat(DltHeader.of("ALRTKT").type()).isEqualTo(DltHeader.Type.SERVICE);
  }

  @Test
  void templateHeaderMustUseTheRegisteredCase() {
    DltRegistry.Builder b = DltRegistry.builder(ENTITY).header("ALRTKT")
        .template(DltTemplate.builder("1107000000000000001").category(TemplateCategory.TRANSACTIONAL).header("alrtkt").text("OTP {#numeric#} -AlertKit").build());
    assertThatThrownBy(b::build).hasMessage(
        "template[1107000000000000001].headers: header 'alrtkt' is registered as 'ALRTKT' (headers are case-sensitive); write it exactly as registered");
  }

  @Test
  void rejectsDuplicateTemplateIds() {
    DltTemplate t = DltTemplate.builder("1107000000000000001").category(TemplateCategory.TRANSACTIONAL).header("ALRTKT").text("OTP {#numeric#}").build();
    assertThatThrownBy(() -> DltRegistry.builder(ENTITY).template(t).template(t))
        .hasMessage("template[1107000000000000001]: a template with this id was added before; template ids are unique");
  }

  @Test
  void whitelistsStaticUrlsExactlyAndDynamicUrlsByFixedPart() {
    DltRegistry r = DltRegistry.builder(ENTITY)
        .whitelistUrl("https://AlertKit.dev/status")
        .whitelistDynamicUrl("https://alertkit.dev/t?id=123")
        .build();
    assertThat(r.isWhitelisted("https://alertkit.dev/status")).isTrue();
    assertThat(r.isWhitelisted("HTTPS://ALERTKIT.DEV/status")).isTrue();
    assertThat(r.isWhitelisted("https://alertkit.dev/Status")).isFalse();
    assertThat(r.isWhitelisted("https://alertkit.dev/status/x")).isFalse();
    assertThat(r.isWhitelisted("https://alertkit.dev/t?id=999")).isTrue();
    assertThat(r.isWhitelisted("https://alertkit.dev/t")).isTrue();
    assertThat(r.isWhitelisted("https://alertkit.dev/u?id=1")).isFalse();
  }

  @Test
  void callbackNumbersIgnoreFormatting() {
    DltRegistry r = DltRegistry.builder(ENTITY).callbackNumber("+91 98123 45678").callbackNumber("1800-123-4567").build();
    assertThat(r.isCallbackNumber("09812345678")).isTrue();
    assertThat(r.isCallbackNumber("9812345678")).isTrue();
    assertThat(r.isCallbackNumber("1800 123 4567")).isTrue();
    assertThat(r.isCallbackNumber("1800 123 4568")).isFalse();
    assertThatThrownBy(() -> DltRegistry.builder(ENTITY).callbackNumber("call us")).isInstanceOf(ValidationException.class);
  }

  @Test
  void warnsAboutTemplatesThatCannotPass() {
    DltRegistry r = DltRegistry.builder(ENTITY)
        .template(DltTemplate.builder("1107000000000000001").category(TemplateCategory.PROMOTIONAL).header("ALRTKT")
            .text("See https://x.example/sale now -AlertKit").build())
        .template(DltTemplate.builder("1107000000000000002").category(TemplateCategory.SERVICE_IMPLICIT).header("ALRTKT").text("{#var#}").build())
        .build();
    assertThat(r.warnings()).containsExactly(
        "template 1107000000000000001 (promotional) is registered for non-promotional header 'ALRTKT'; promotional templates go with numeric headers, others with letter headers",
        "template 1107000000000000001 contains URL 'https://x.example/sale' that is not whitelisted; messages with it will be rejected",
        "template 1107000000000000002 has no static text (operators reject templates made only of variables)");
  }
}
