package dev.alertkit.examples.snippets;

import static dev.alertkit.testkit.AlertAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.SmsContent;
import dev.alertkit.india.DltHeader;
import dev.alertkit.india.DltRegistry;
import dev.alertkit.india.DltResult;
import dev.alertkit.india.DltTemplate;
import dev.alertkit.india.IndiaDlt;
import dev.alertkit.india.TemplateCategory;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.testkit.FakeProvider;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The snippets of docs/india-dlt.md: the "Set it up" registry and the CSV sample load together (no template id is
 * registered twice), a compliant SMS goes out from the header, and a near miss is refused with its diagnosis.
 */
class DltSnippetsTest {
  private final FakeProvider sms = FakeProvider.sms();
  private final FakeProvider email = FakeProvider.email();
  private final Recipient ravi = Recipient.builder("ravi").phone("+919812345678").email("ravi@example.com").build();

  static DltRegistry registry(Path csvFile) throws IOException {
    // tag::dlt-setup[]
    DltRegistry registry = DltRegistry.builder("1101234567890123456")      // principal entity id
        .header("ALRTKT")                                                 // transactional/service header: letters
        .header("712345", DltHeader.Type.PROMOTIONAL)                     // promotional header: 6 digits
        .template(DltTemplate.builder("1107161234567890123")
            .category(TemplateCategory.SERVICE_IMPLICIT)
            .header("ALRTKT")
            .text("Dear {#var#}, your OTP is {#numeric#}. -AlertKit")
            .build())
        .loadCsv(csvFile)                                                 // the rest, from your portal export
        .whitelistUrl("https://status.alertkit.dev/")                     // static URL: exact
        .whitelistDynamicUrl("https://alertkit.dev/t?id=")                // dynamic URL: fixed part up to '?'
        .callbackNumber("1800 123 4567")                                  // for {#cbn#}
        .build();
    registry.warnings().forEach(System.out::println);                     // e.g. 12-digit ids, 4-letter headers
    // end::dlt-setup[]
    return registry;
  }

  static List<DispatchReport> send(DltRegistry registry, ChannelProvider sms, ChannelProvider email, Recipient ravi) {
    // tag::dlt-send[]
    try (AlertClient client = AlertClient.builder()
        .provider(sms).provider(email)
        .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL)).build())
        .compliance(IndiaDlt.of(registry))                            // or IndiaDlt.builder(registry)...build()
        .build()) {
      // Compliant: rendered from the template, sent from ALRTKT with the DLT ids attached
      DispatchReport sent = client.send(Alert.builder().severity(Severity.CRITICAL).title("OTP").recipient(ravi)
          .sms(SmsContent.dlt("1107161234567890123", Map.of("var1", "Ravi", "var2", "482913")))
          .build());

      // Not compliant: free text that almost matches. The SMS attempt fails (PERMANENT/CONTENT, code
      // dlt.no_template) before the provider is called, and routing falls back to email.
      DispatchReport refused = client.send(Alert.builder().severity(Severity.CRITICAL).title("OTP").recipient(ravi)
          .sms(SmsContent.text("Dear Ravi, your otp is 482913. -AlertKit"))
          .build());
      System.out.println(refused.describe());
      // end::dlt-send[]
      return List.of(sent, refused);
      // tag::dlt-send[]
    }
    // end::dlt-send[]
  }

  private static Path csv() throws URISyntaxException {
    return Path.of(DltSnippetsTest.class.getResource("dlt-templates.csv").toURI());
  }

  @Test
  void theSetUpSnippetAndTheCsvSampleLoadTogether() throws Exception {
    DltRegistry registry = registry(csv());

    assertThat(registry.templates()).extracting(DltTemplate::id).containsExactlyInAnyOrder(
        "1107161234567890123", "1107161234567890124", "1107161234567890125", "1107161234567890126");
    assertThat(registry.template("1107161234567890124").orElseThrow().text())
        .isEqualTo("Alert: {#var#} is DOWN.\nSee \"status\" page. -AlertKit");
    assertThat(registry.header("ACMEIN")).isPresent();
  }

  @Test
  void sendsTheCompliantSmsFromTheHeaderAndRefusesTheNearMiss() throws Exception {
    List<DispatchReport> reports = send(registry(csv()), sms, email, ravi);

    assertThat(reports.get(0)).recipient("ravi").isAccepted().attemptedChannels(Channel.SMS);
    assertThat(sms.messages()).singleElement().satisfies(m -> {
      assertThat(m.text()).isEqualTo("Dear Ravi, your OTP is 482913. -AlertKit");
      assertThat(m.sender()).contains("ALRTKT");
    });
    assertThat(reports.get(1)).recipient("ravi").isAccepted().fellBackTo(Channel.EMAIL);
    Attempt refused = reports.get(1).recipient("ravi").attempts().get(0);
    assertThat(refused.failure().orElseThrow().providerCode()).contains("dlt.no_template");
    assertThat(refused.requests()).isZero();
  }

  @Test
  void evaluatesATextWithoutSending() throws Exception {
    DltRegistry registry = registry(csv());
    String text = "Alert: db-1 disk 97% full. See https://status.alertkit.dev/ -AlertKit";
    // tag::dlt-evaluate[]
    IndiaDlt dlt = IndiaDlt.of(registry);
    DltResult result = dlt.evaluate(SmsContent.text("Dear Ravi, your OTP is 482913. -AlertKit"), Instant.now());
    result.isCompliant();                          // true; result.match() has the template, header and values
    List<DltTemplate> matches = registry.findTemplates(text);   // every template a text matches
    // end::dlt-evaluate[]

    assertThat(result.isCompliant()).isTrue();
    assertThat(result.match().orElseThrow().template().id()).isEqualTo("1107161234567890123");
    assertThat(matches).extracting(DltTemplate::id).containsExactly("1107161234567890126");
  }
}
