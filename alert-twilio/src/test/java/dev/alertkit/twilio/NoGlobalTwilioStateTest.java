package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Build guard: the module never touches the SDK's process-global {@code com.twilio.Twilio} (init, credentials,
 * executor, shutdown hook), in source or bytecode.
 */
class NoGlobalTwilioStateTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Path CLASSES = Path.of("target/classes");

  @Test
  void mainSourcesNeverCallTwilioInitNorImportTheGlobalTwilioClass() throws IOException {
    List<Path> offenders;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
        String s = read(p);
        return s.contains("Twilio.init") || s.contains("import com.twilio.Twilio;") || s.contains("com.twilio.Twilio.");
      }).collect(Collectors.toList());
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void bytecodeNeverReferencesTheGlobalTwilioClass() throws IOException {
    // The class reference is a length-prefixed UTF-8 constant "com/twilio/Twilio"; "Lcom/twilio/Twilio;" as a descriptor.
    byte[] className = "com/twilio/Twilio".getBytes(StandardCharsets.UTF_8);
    byte[] constant = new byte[className.length + 3];
    constant[0] = 1;
    constant[1] = 0;
    constant[2] = (byte) className.length;
    System.arraycopy(className, 0, constant, 3, className.length);
    byte[] descriptor = "Lcom/twilio/Twilio;".getBytes(StandardCharsets.UTF_8);
    List<Path> classes;
    try (Stream<Path> files = Files.walk(CLASSES)) {
      classes = files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
    }
    assertThat(classes).isNotEmpty();
    for (Path c : classes) {
      byte[] bytes = Files.readAllBytes(c);
      assertThat(indexOf(bytes, constant)).as("%s references com.twilio.Twilio", c).isEqualTo(-1);
      assertThat(indexOf(bytes, descriptor)).as("%s references com.twilio.Twilio", c).isEqualTo(-1);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
