package dev.alertkit.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniJsonWriteTest {

  @Test
  void whatIsWrittenParsesBackToTheSameValues() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 \u00e9 \ud83d\udea8");
    m.put("n", 42);
    m.put("big", 1L << 40);
    m.put("yes", true);
    m.put("none", null);
    m.put("list", Arrays.asList("a", 1, null));

    Map<String, Object> back = MiniJson.object(MiniJson.parse(MiniJson.write(m)));

    assertThat(MiniJson.string(back, "text")).isEqualTo(m.get("text"));
    assertThat(MiniJson.integer(back, "n")).isEqualTo(42);
    assertThat(back.get("yes")).isEqualTo(true);
    assertThat(back.get("none")).isSameAs(MiniJson.NULL);
    assertThat(MiniJson.optionalString(back, "none")).isEmpty();
    assertThat(MiniJson.array(back.get("list"))).hasSize(3);
  }

  @Test
  void typedAccessorsNameWhatIsMissingOrWrong() {
    Map<String, Object> m = MiniJson.object(MiniJson.parse("{\"a\":1}"));

    assertThatThrownBy(() -> MiniJson.string(m, "b")).isInstanceOf(IllegalArgumentException.class).hasMessage("missing b");
    assertThatThrownBy(() -> MiniJson.integer(m, "b")).isInstanceOf(IllegalArgumentException.class).hasMessage("missing b");
    assertThatThrownBy(() -> MiniJson.array(m)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("array");
    assertThatThrownBy(() -> MiniJson.object(List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("object");
    assertThatThrownBy(() -> MiniJson.write(new Object())).isInstanceOf(IllegalArgumentException.class);
  }
}
