package dev.alertkit.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.SmsEncoding;
import dev.alertkit.SmsEncoding.Charset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SmsSegmentsTest {
  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

  static Stream<Arguments> rows() {
    return Stream.of(
        arguments("empty", "", Charset.GSM_7, 0, 1),
        arguments("whole basic set (127 chars, no escape)", BASIC, Charset.GSM_7, 127, 1),
        arguments("extension chars count double", "^{}\\[~]|€\f", Charset.GSM_7, 20, 1),
        arguments("160 GSM chars: one segment", "a".repeat(160), Charset.GSM_7, 160, 1),
        arguments("161 GSM chars: two segments", "a".repeat(161), Charset.GSM_7, 161, 2),
        arguments("306 GSM chars: two segments of 153", "a".repeat(306), Charset.GSM_7, 306, 2),
        arguments("307 GSM chars: three segments", "a".repeat(307), Charset.GSM_7, 307, 3),
        arguments("159 + euro = 161 septets: two segments", "a".repeat(159) + "€", Charset.GSM_7, 161, 2),
        arguments("escape pair never straddles a boundary", "a".repeat(152) + "€" + "a".repeat(152), Charset.GSM_7, 306, 3),
        arguments("lower-case c-cedilla is not GSM-7", "ç", Charset.UCS_2, 1, 1),
        arguments("curly quote forces UCS-2", "It’s down", Charset.UCS_2, 9, 1),
        arguments("rupee sign forces UCS-2", "₹100", Charset.UCS_2, 4, 1),
        arguments("Hindi 70 units: one segment", "क".repeat(70), Charset.UCS_2, 70, 1),
        arguments("Hindi 71 units: two segments", "क".repeat(71), Charset.UCS_2, 71, 2),
        arguments("134 units: two segments of 67", "क".repeat(134), Charset.UCS_2, 134, 2),
        arguments("emoji counts two units", "🔥", Charset.UCS_2, 2, 1),
        arguments("surrogate pair never straddles a boundary", "a".repeat(66) + "🔥" + "a".repeat(66), Charset.UCS_2, 134, 3),
        arguments("backtick is not GSM-7", "`", Charset.UCS_2, 1, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void countsUnitsAndSegments(String name, String text, Charset charset, int units, int segments) {
    assertThat(SmsSegments.analyze(text)).isEqualTo(new SmsEncoding(charset, units, segments));
  }
}
