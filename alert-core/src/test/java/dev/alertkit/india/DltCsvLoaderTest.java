package dev.alertkit.india;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DltCsvLoaderTest {
  private static final String ENTITY = "1101234567890123456";

  @Test
  void loadsAPortalExportWithBomQuotesNewlinesIndicTextAndExtraColumns() throws Exception {
    // Given a UTF-8 file with BOM, CRLF line ends, a header row with an extra column, quoted commas, doubled
    // quotes, a line break inside a quoted field, a blank line and Hindi text
    Path csv = resource("india/templates.csv");

    // When loaded
    DltRegistry registry = DltRegistry.builder(ENTITY).loadCsv(csv).callbackNumber("1800-123-4567").build();

    // Then every template is there, exactly
    assertThat(registry.size()).isEqualTo(4);
    DltTemplate outage = registry.template("1107161234567890124").orElseThrow();
    assertThat(outage.text()).isEqualTo("Alert: {#var#} is DOWN.\nSee \"status\" page, or call {#cbn#}. -AlertKit");
    assertThat(outage.headers()).containsExactly("ALRTKT", "ACMEIN");
    assertThat(outage.name()).contains("Outage");
    assertThat(registry.template("1107161234567890123").orElseThrow().category()).isEqualTo(TemplateCategory.SERVICE_IMPLICIT);
    DltTemplate hindi = registry.template("1107161234567890125").orElseThrow();
    assertThat(hindi.text()).isEqualTo("प्रिय {#var#}, सर्वर {#var#} बंद है। -AlertKit");
    assertThat(hindi.headers()).containsExactly("ALRTKT", "ACMEIN");
    assertThat(registry.header("712345").orElseThrow().type()).isEqualTo(DltHeader.Type.PROMOTIONAL);
    assertThat(registry.findTemplates("Alert: db-1 is DOWN.\nSee \"status\" page, or call 1800 123 4567. -AlertKit"))
        .extracting(DltTemplate::id).containsExactly("1107161234567890124");
  }

  @Test
  void readsPositionalColumnsWithoutHeaderRow() throws Exception {
    String csv = "1107161234567890123,,service-implicit,ALRTKT,\"Hi {#var#}, db is down, see log. -AlertKit\"\n";
    DltRegistry registry = DltRegistry.builder(ENTITY).loadCsv(new StringReader(csv)).build();
    assertThat(registry.template("1107161234567890123").orElseThrow().text()).isEqualTo("Hi {#var#}, db is down, see log. -AlertKit");
    assertThat(registry.template("1107161234567890123").orElseThrow().name()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock = """
          unquoted comma shifts columns | 1107161234567890123,OTP,service-implicit,ALRTKT,Dear {#var#}, OTP {#numeric#}                  | csv: line 3: expected 5 fields but found 6 (quote a field that contains a comma)
          template id too short         | 11071612,OTP,service-implicit,ALRTKT,Hello {#var#}                                                | csv: line 3: template.id: '11071612' must be 19 digits (12 to 19 accepted); it has 8
          template id not digits        | 1107A61234567890123,OTP,service-implicit,ALRTKT,Hello {#var#}                                     | csv: line 3: template.id: '1107A61234567890123' must be digits only (19 in practice); found 'A' at index 4
          unknown category              | 1107161234567890123,OTP,marketing,ALRTKT,Hello {#var#}                                            | csv: line 3: category: 'marketing' is not a DLT template category (use transactional, service-implicit, service-explicit, promotional or government)
          operator prefix on header     | 1107161234567890123,OTP,service-implicit,VM-ALRTKT,Hello {#var#}                                  | csv: line 3: template[1107161234567890123].headers: 'VM-ALRTKT' carries the operator prefix 'VM-'; register and send the header without it: 'ALRTKT'
          category suffix on header     | 1107161234567890123,OTP,service-implicit,ALRTKT-S,Hello {#var#}                                   | csv: line 3: template[1107161234567890123].headers: 'ALRTKT-S' carries the category suffix '-S' that operators add; register and send the header without it: 'ALRTKT'
          promotional header first digit| 1107161234567890123,OTP,promotional,912345,Hello {#var#}                                          | csv: line 3: template[1107161234567890123].headers: '912345' is numeric, so it must be a promotional header of exactly 6 digits whose first digit is 1-8
          unknown placeholder           | 1107161234567890123,OTP,service-implicit,ALRTKT,Hello {#name#}                                    | csv: line 3: template[1107161234567890123].text: unknown placeholder '{#name#}' at index 6 (known: {#var#}, {#numeric#}, {#alphanumeric#}, {#url#}, {#urlott#}, {#cbn#}, {#email#}; lower case)
          unclosed placeholder          | 1107161234567890123,OTP,service-implicit,ALRTKT,Hello {#var                                       | csv: line 3: template[1107161234567890123].text: placeholder opened with '{#' at index 6 is not closed with '#}'
          stray placeholder end         | 1107161234567890123,OTP,service-implicit,ALRTKT,Hello var#}                                       | csv: line 3: template[1107161234567890123].text: '#}' at index 9 closes no placeholder (placeholders are written {#var#})
          no header                     | 1107161234567890123,OTP,service-implicit,,Hello {#var#}                                           | csv: line 3: template[1107161234567890123].headers: at least one header is required
          quote inside unquoted field   | 1107161234567890123,OTP,service-implicit,ALRTKT,Say "hi" {#var#}                                  | csv: line 3: '"' inside an unquoted field (quote the whole field and write the quote as '""')
          unterminated quote            | 1107161234567890123,OTP,service-implicit,ALRTKT,"Hello {#var#}                                    | csv: line 3: quoted field is never closed (a '"' is missing; write a quote inside a quoted field as '""')
          duplicate id                  | 1107000000000000001,OTP,service-implicit,ALRTKT,Hello again {#var#}                               | csv: line 3: template id 1107000000000000001 already appears on line 2
          """)
  void namesTheLineAndTheProblem(String name, String badRow, String expected) throws Exception {
    // Given a good row on line 2 and a bad one on line 3 (after a header row on line 1)
    String csv = "template_id,template_name,category,headers,template_text\n"
        + "1107000000000000001,OK,service-implicit,ALRTKT,Hello {#var#}\n"
        + badRow.strip() + "\n";

    // When loaded
    DltCsvException e = catchThrowableOfType(DltCsvException.class, () -> DltRegistry.builder(ENTITY).loadCsv(new StringReader(csv)));

    // Then the message names line 3 and the problem
    assertThat(e).as(name).isNotNull();
    assertThat(e.getMessage()).isEqualTo(expected);
    assertThat(e.line()).isEqualTo(3);
  }

  @Test
  void countsLinesOfMultiLineRecordsAndListsEveryProblem() {
    String csv = "1107000000000000001,A,service-implicit,ALRTKT,\"Line one\nline two {#var#}\"\n"
        + "1107000000000000002,B,service-implicit,ALRTKT,Hello {#foo#}\n"
        + "1107000000000000003,C,nonsense,ALRTKT,Hello\n";
    DltCsvException e = catchThrowableOfType(DltCsvException.class, () -> DltRegistry.builder(ENTITY).loadCsv(new StringReader(csv)));
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0)).startsWith("line 3: ");
    assertThat(e.problems().get(1)).startsWith("line 4: category: 'nonsense'");
  }

  @Test
  void headerRowMustNameTheRequiredColumns() {
    String csv = "template_id,category,template_text\n1107000000000000001,service-implicit,Hello\n";
    DltCsvException e = catchThrowableOfType(DltCsvException.class, () -> DltRegistry.builder(ENTITY).loadCsv(new StringReader(csv)));
    assertThat(e.getMessage()).isEqualTo("csv: line 1: the header row has no 'headers' column (columns: template_id, template_name, category, headers, template_text)");
  }

  @Test
  void shortIdsAndHeadersWarnButLoad() throws Exception {
    String csv = "110716123456,OTP,service-implicit,ALRT,Hello {#var#} -AlertKit\n";
    DltRegistry registry = DltRegistry.builder("110123456789").loadCsv(new StringReader(csv)).build();
    List<String> w = registry.warnings();
    assertThat(w).containsExactly(
        "principal entity id 110123456789 has 12 digits; DLT ids are 19 digits in practice",
        "header 'ALRT' has 4 letters; DLT headers are 6 letters (3 to 8 accepted by some portals)",
        "template id 110716123456 has 12 digits; DLT ids are 19 digits in practice");
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(DltCsvLoaderTest.class.getClassLoader().getResource(name).toURI());
  }
}
