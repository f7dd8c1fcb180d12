package dev.alertkit.india;

import static dev.alertkit.india.DltFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Failure;
import org.junit.jupiter.api.Test;

/**
 * The "closest template" named when no template matches respects placeholder types and lengths as matching does:
 * a leading {@code {#numeric#}} or {@code {#alphanumeric#}} cannot swallow words to line up its later text.
 */
class DltClosestTemplateTest {
  private static final String DISK = "1107000000000000101";
  private static final String COUNT = "1107000000000000102";
  private static final String CODE = "1107000000000000103";
  private static final String LONG = "1107000000000000104";
  private static final String NEWS = "1107000000000000105";

  /** Several templates start with placeholders; DISK starts with static text. */
  private static final DltRegistry REGISTRY = DltRegistry.builder(ENTITY)
      .header("ALRTKT")
      .template(t(DISK, TemplateCategory.SERVICE_IMPLICIT, "Disk full on {#alphanumeric#}: check the console now. -AlertKit", "ALRTKT"))
      .template(t(COUNT, TemplateCategory.SERVICE_IMPLICIT, "{#numeric#}: check the console now. -AlertKit", "ALRTKT"))
      .template(t(CODE, TemplateCategory.SERVICE_IMPLICIT, "{#alphanumeric#} on db1: check the console now. -AlertKit", "ALRTKT"))
      .template(t(LONG, TemplateCategory.SERVICE_IMPLICIT, "Dear {#var#}, the console has news for you. -AlertKit", "ALRTKT"))
      .build();

  private static String reason(String text) {
    Failure f = IndiaDlt.of(REGISTRY).check(sms(INDIA_PHONE, text, "ALRTKT", null), ist("12:00")).failure().orElseThrow();
    return f.providerCode().orElseThrow() + ": " + f.reason();
  }

  @Test
  void lowerCaseVariantNamesItsOwnTemplateNotOneWhoseLeadingNumericSwallowedTheWords() {
    // Given DISK in lower case: COUNT's leading {#numeric#} would line up ": check the console now. -" if it
    // could take "disk full on db1"; CODE's {#alphanumeric#} would if it could take "disk full"
    String text = "disk full on db1: check the console now. -alertkit";

    // When no template matches, then the closest is DISK, differing at index 0 by letter case
    assertThat(reason(text)).isEqualTo("dlt.no_template: the text matches no registered DLT template; closest is " + DISK
        + " \"Disk full on {#alphanumeric#}: check the console now. -AlertKit\": text differs at index 0: expected \"Disk full on \" "
        + "but found \"disk full on db1...\" (letter case differs; static text is case-sensitive)");
  }

  @Test
  void leadingAlphanumericTakesOnlyLettersAndDigits() {
    // "db-1 on db1" cannot be one {#alphanumeric#} value ('-' and ' ' are not allowed), so CODE lines up only
    // from where a real value ends: the text is closest to CODE with "-1 on" where " on db1" is expected
    String text = "db-1 on db1: check the console now. -AlertKit!";
    assertThat(reason(text)).startsWith("dlt.no_template: the text matches no registered DLT template; closest is " + CODE);
    assertThat(reason(text)).contains("text differs at index 2: expected \"db on db1: ");
  }

  @Test
  void leadingNumericStillNamedWhenTheTextIsItsVariant() {
    // Given COUNT's text with a lower-case static part: the digits fit {#numeric#}, so COUNT is closest
    String text = "42: Check the console now. -AlertKit";
    assertThat(reason(text)).isEqualTo("dlt.no_template: the text matches no registered DLT template; closest is " + COUNT
        + " \"{#numeric#}: check the console now. -AlertKit\": text differs at index 4: expected \"42: check the consol...\" "
        + "but found \"42: Check the consol...\" (letter case differs; static text is case-sensitive)");
  }

  @Test
  void leadingVarCannotTakeMoreThanThirtyCodePointsToLineUpLaterText() {
    // Given NEWS starts with a {#var#}: lining its static text up with this message would need a 50-character
    // value (and then the case of "You" still differs); matching allows 30
    DltRegistry registry = DltRegistry.builder(ENTITY).header("ALRTKT")
        .template(t(DISK, TemplateCategory.SERVICE_IMPLICIT, "Disk full on {#alphanumeric#}: check the console now. -AlertKit", "ALRTKT"))
        .template(t(NEWS, TemplateCategory.SERVICE_IMPLICIT, "{#var#} has news for you. -AlertKit", "ALRTKT"))
        .build();
    String text = "Disk full on db1 and db2 and db3 and db4 and db5 has news for You. -AlertKit";

    Failure f = IndiaDlt.of(registry).check(sms(INDIA_PHONE, text, "ALRTKT", null), ist("12:00")).failure().orElseThrow();

    // Then the closest template is the one the text follows within the limits: DISK, up to "db1"
    assertThat(f.reason()).startsWith("the text matches no registered DLT template; closest is " + DISK)
        .contains("text differs at index 16: expected \"Disk full on db1: check the cons...\" but found \"Disk full on db1 and db2 and db3...\"");
  }
}
