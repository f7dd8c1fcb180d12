package dev.alertkit.sendgrid;

import static dev.alertkit.sendgrid.Fixtures.alert;
import static dev.alertkit.sendgrid.Fixtures.config;
import static dev.alertkit.sendgrid.Fixtures.message;
import static dev.alertkit.sendgrid.Fixtures.messages;
import static dev.alertkit.sendgrid.Fixtures.recipient;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.EmailContent;
import dev.alertkit.Recipient;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider against the testkit's emulator over real HTTP on loopback: what it sends and how it batches. */
class SendGridEmailProviderTest {
  private final ObjectMapper mapper = new ObjectMapper();
  private SendGridEmulator emulator;
  private ChannelProvider provider;

  @BeforeEach
  void start() {
    emulator = SendGridEmulator.start();
    provider = SendGridProviders.email(config(emulator).replyTo("ops@example.com").categories("alertkit", "ops").asmGroupId(77).build());
  }

  @AfterEach
  void stop() {
    provider.close();
    emulator.close();
  }

  @Test
  void identifiesItselfAsSendGridEmailWithBatchesOfAThousand() {
    assertThat(provider.name()).isEqualTo("sendgrid");
    assertThat(provider.channels()).isEqualTo(Set.of(Channel.EMAIL));
    assertThat(provider.maxBatchSize()).isEqualTo(1000);
  }

  @Test
  void sendsTheMailJsonSendGridExpectsFieldByField() throws Exception {
    // Given an alert for Alice
    Recipient alice = recipient("alice");
    Alert alert = alert(alice).build();

    // When it is sent
    SendResult result = provider.send(message(alert, alice));

    // Then it is accepted with the emulator's X-Message-Id
    SendGridEmulator.Mail mail = emulator.lastMail().orElseThrow();
    assertThat(result).isEqualTo(new SendResult.Accepted(
        java.util.Optional.of(mail.messageId()), java.util.Optional.of("accepted"), Map.of("http_status", "202")));
    // And the body is what SendGrid expects, field by field
    JsonNode json = mapper.readTree(mail.json());
    assertThat(json.path("personalizations")).hasSize(1);
    JsonNode p = json.path("personalizations").get(0);
    assertThat(p.path("to")).hasSize(1);
    assertThat(p.path("to").get(0).path("email").asText()).isEqualTo("alice@example.com");
    assertThat(p.path("to").get(0).path("name").asText()).isEqualTo("Person alice");
    assertThat(mapper.convertValue(p.path("custom_args"), Map.class)).isEqualTo(Map.of(
        SendGridProviders.CUSTOM_ARG_ALERT_ID, "alert-1",
        SendGridProviders.CUSTOM_ARG_ATTEMPT_ID, "att-alice",
        SendGridProviders.CUSTOM_ARG_RECIPIENT_ID, "alice"));
    assertThat(p.has("dynamic_template_data")).isFalse();
    assertThat(json.path("from").path("email").asText()).isEqualTo("alerts@example.com");
    assertThat(json.path("from").path("name").asText()).isEqualTo("Example Alerts");
    assertThat(json.path("reply_to").path("email").asText()).isEqualTo("ops@example.com");
    assertThat(json.path("subject").asText()).isEqualTo("[CRITICAL] db-1 disk 97% full");
    assertThat(json.path("content")).hasSize(2);
    assertThat(json.path("content").get(0).path("type").asText()).isEqualTo("text/plain");
    assertThat(json.path("content").get(1).path("type").asText()).isEqualTo("text/html");
    assertThat(json.path("categories").get(0).asText()).isEqualTo("alertkit");
    assertThat(json.path("categories").get(1).asText()).isEqualTo("ops");
    assertThat(json.path("asm").path("group_id").asInt()).isEqualTo(77);
    assertThat(json.has("template_id")).isFalse();
    assertThat(json.has("mail_settings")).isFalse();
    // And the default layout shows severity, title, body, labels and the alert id in both bodies
    assertThat(mail.text().orElseThrow())
        .startsWith("[CRITICAL] db-1 disk 97% full\n\ndb-1 /var is at 97%.\nRunbook: https://runbooks.example.com/disk\n")
        .contains("Labels:\n  env: prod\n  service: db\n")
        .contains("Alert id: alert-1")
        .contains("Raised at: 2025-01-02T03:04:05Z");
    assertThat(mail.html().orElseThrow())
        .contains(">CRITICAL</span>")
        .contains("<h1 style=\"font-size:20px;margin:8px 0\">db-1 disk 97% full</h1>")
        .contains("db-1 /var is at 97%.<br>\nRunbook: https://runbooks.example.com/disk")
        .contains(">service</td><td style=\"padding:2px 0\">db</td>");
  }

  @Test
  void escapesUserDataInTheHtmlBodyButNotInPlainText() {
    // Given an alert whose title, body and labels carry HTML
    Recipient bob = recipient("bob");
    Alert alert = Alert.builder().id("a<1>").severity(dev.alertkit.Severity.WARNING)
        .title("<script>alert(\"x\")</script> & 'q'")
        .body("<b>bold</b> & <img src=x onerror=y>")
        .label("team", "\"a\"<b>")
        .recipient(bob).createdAt(Fixtures.CREATED).build();

    // When it is sent
    provider.send(message(alert, bob));

    // Then the HTML body holds only escaped user data
    String html = emulator.lastMail().orElseThrow().html().orElseThrow();
    assertThat(html)
        .doesNotContain("<script>").doesNotContain("<b>").doesNotContain("<img")
        .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;")
        .contains("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img src=x onerror=y&gt;")
        .contains("&quot;a&quot;&lt;b&gt;")
        .contains("Alert id a&lt;1&gt;");
    // And the plain-text body is the raw text
    assertThat(emulator.lastMail().orElseThrow().text().orElseThrow()).contains("<script>alert(\"x\")</script> & 'q'");
    assertThat(emulator.lastMail().orElseThrow().subject()).contains("[WARNING] <script>alert(\"x\")</script> & 'q'");
  }

  @Test
  void sendsADynamicTemplateWithTheAlertFieldsAddedUnlessSet() {
    // Given an alert with a SendGrid dynamic template that sets its own alert_title
    Recipient carol = recipient("carol");
    Alert alert = alert(carol)
        .email(EmailContent.template("d-13b8f94fbcae4ec6b75270d6cb59f932", Map.of("host", "db-1", "alert_title", "custom title")))
        .build();

    // When it is sent
    SendResult result = provider.send(message(alert, carol));

    // Then the mail carries template_id, no subject or content, and the merged template data per personalization
    assertThat(result.isAccepted()).isTrue();
    SendGridEmulator.Mail mail = emulator.lastMail().orElseThrow();
    assertThat(mail.templateId()).contains("d-13b8f94fbcae4ec6b75270d6cb59f932");
    assertThat(mail.subject()).isEmpty();
    assertThat(mail.text()).isEmpty();
    assertThat(mail.html()).isEmpty();
    Map<String, Object> data = mail.personalizations().get(0).dynamicTemplateData();
    assertThat(data)
        .containsEntry("host", "db-1")
        .containsEntry("alert_title", "custom title")
        .containsEntry("alert_id", "alert-1")
        .containsEntry("alert_body", "db-1 /var is at 97%.\nRunbook: https://runbooks.example.com/disk")
        .containsEntry("alert_severity", "CRITICAL")
        .containsEntry("alert_labels", Map.of("env", "prod", "service", "db"));
    assertThat(mail.personalizations().get(0).customArgs()).containsEntry(SendGridProviders.CUSTOM_ARG_ATTEMPT_ID, "att-carol");
  }

  @Test
  void usesTheEmailContentOverrideAndRendersItsTextAsEscapedHtml() {
    // Given an alert with a subject and text override (no HTML given)
    Recipient dan = recipient("dan");
    Alert alert = alert(dan).email(EmailContent.of("Disk alarm <db-1>", "Line 1 <x>\nLine 2")).build();

    // When it is sent
    provider.send(message(alert, dan));

    // Then subject and text are the override's, and the HTML is the escaped text
    SendGridEmulator.Mail mail = emulator.lastMail().orElseThrow();
    assertThat(mail.subject()).contains("Disk alarm <db-1>");
    assertThat(mail.text()).contains("Line 1 <x>\nLine 2");
    assertThat(mail.html().orElseThrow()).contains("Line 1 &lt;x&gt;<br>\nLine 2").contains("<title>Disk alarm &lt;db-1&gt;</title>");
  }

  @Test
  void usesAGivenHtmlBodyAsIs() {
    // Given an override with ready-made HTML
    Recipient erin = recipient("erin");
    Alert alert = alert(erin).email(EmailContent.of("S", "T").withHtml("<p>Mine</p>")).build();

    // When it is sent, then the HTML goes out unchanged
    provider.send(message(alert, erin));
    assertThat(emulator.lastMail().orElseThrow().html()).contains("<p>Mine</p>");
  }

  @Test
  void sendsTwoThousandFiveHundredRecipientsInThreeRequestsWithOneResultEach() {
    // Given one alert for 2,500 recipients
    List<Recipient> people = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      people.add(recipient("r" + i));
    }
    Alert alert = alert().recipients(people).build();
    List<OutboundMessage> messages = messages(alert);

    // When the batch is sent
    List<SendResult> results = provider.sendBatch(messages);

    // Then three requests carried 1,000 + 1,000 + 500 personalizations
    assertThat(emulator.requestCount()).isEqualTo(3);
    List<SendGridEmulator.Mail> mails = emulator.mails();
    assertThat(mails).extracting(m -> m.personalizations().size()).containsExactly(1000, 1000, 500);
    // And each of the 2,500 results is accepted with the X-Message-Id of its own request
    assertThat(results).hasSize(2500);
    for (int i = 0; i < 2500; i++) {
      SendGridEmulator.Mail mail = mails.get(i / 1000);
      SendGridEmulator.Personalization p = mail.personalizations().get(i % 1000);
      assertThat(p.emails()).containsExactly("r" + i + "@example.com");
      assertThat(p.customArgs()).containsEntry(SendGridProviders.CUSTOM_ARG_ATTEMPT_ID, "att-r" + i);
      assertThat(((SendResult.Accepted) results.get(i)).providerMessageId()).contains(mail.messageId());
    }
    assertThat(mails).extracting(SendGridEmulator.Mail::messageId).doesNotHaveDuplicates();
  }

  @Test
  void groupsMessagesByRenderedContent() {
    // Given a batch mixing two alerts (different content)
    Recipient a = recipient("a");
    Recipient b = recipient("b");
    Recipient c = recipient("c");
    Alert first = alert(a, b).build();
    Alert second = alert(c).id("alert-2").title("other").build();

    // When sent as one batch
    List<SendResult> results = provider.sendBatch(List.of(message(first, a), message(second, c), message(first, b)));

    // Then one request per content, results in input order
    assertThat(emulator.requestCount()).isEqualTo(2);
    List<SendGridEmulator.Mail> mails = emulator.mails();
    assertThat(mails.get(0).recipients()).containsExactly("a@example.com", "b@example.com");
    assertThat(mails.get(1).recipients()).containsExactly("c@example.com");
    assertThat(((SendResult.Accepted) results.get(0)).providerMessageId()).contains(mails.get(0).messageId());
    assertThat(((SendResult.Accepted) results.get(1)).providerMessageId()).contains(mails.get(1).messageId());
    assertThat(((SendResult.Accepted) results.get(2)).providerMessageId()).contains(mails.get(0).messageId());
  }

  @Test
  void refusesAnInvalidAddressWithoutFailingTheRestOfTheBatch() {
    // Given a batch where one message has a malformed address
    Recipient a = recipient("a");
    Recipient b = recipient("b");
    Alert alert = alert(a, b).build();
    OutboundMessage bad = message(alert, b).toBuilder().to("not an address").build();

    // When sent
    List<SendResult> results = provider.sendBatch(List.of(message(alert, a), bad));

    // Then the bad one is refused client-side as the recipient's fault, the good one is sent
    assertThat(results.get(0).isAccepted()).isTrue();
    Failure f = results.get(1).failureIfRejected().orElseThrow();
    assertThat(f.kind()).isEqualTo(Failure.Kind.PERMANENT);
    assertThat(f.fault()).isEqualTo(Failure.Fault.RECIPIENT);
    assertThat(emulator.lastMail().orElseThrow().recipients()).containsExactly("a@example.com");
  }

  @Test
  void refusesANonEmailMessage() {
    // Given an SMS message handed to the email provider by mistake
    Recipient r = Recipient.builder("p").phone("+14155550100").email("p@example.com").build();
    Alert alert = alert(r).build();
    OutboundMessage sms = OutboundMessage.builder(alert, r, Channel.SMS).attemptId("x").to("+14155550100").text("t").build();

    // When sent, then it is refused and nothing goes out
    Failure f = provider.send(sms).failureIfRejected().orElseThrow();
    assertThat(f.kind()).isEqualTo(Failure.Kind.PERMANENT);
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  void emptyBatchSendsNothing() {
    assertThat(provider.sendBatch(List.of())).isEmpty();
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  void splitsARequestThatWouldExceedTheSizeLimitAndRefusesASingleMailThatCannotFit() throws Exception {
    // Given the size of a one-recipient mail
    Recipient a = recipient("a");
    Recipient b = recipient("b");
    Recipient c = recipient("c");
    Alert alert = alert(a, b, c).build();
    provider.send(message(alert, a));
    int oneMail = emulator.lastMail().orElseThrow().json().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    emulator.reset();

    // When three recipients are sent with a limit that fits only one personalization per request
    try (SendGridEmailProvider small = new SendGridEmailProvider(config(emulator).build(),
        dev.alertkit.sendgrid.internal.HttpClientFactory.create(2, java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5)),
        oneMail + 20)) {
      List<SendResult> results = small.sendBatch(messages(alert));

      // Then the batch was split until each request fit
      assertThat(results).allMatch(SendResult::isAccepted);
      assertThat(emulator.mails()).allSatisfy(m -> assertThat(m.json().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(oneMail + 20));
      assertThat(emulator.mails()).flatExtracting(SendGridEmulator.Mail::recipients)
          .containsExactly("a@example.com", "b@example.com", "c@example.com");
    }

    // And with a limit below one mail, the message is refused as content and nothing is sent
    emulator.reset();
    try (SendGridEmailProvider tiny = new SendGridEmailProvider(config(emulator).build(),
        dev.alertkit.sendgrid.internal.HttpClientFactory.create(2, java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5)),
        100)) {
      Failure f = tiny.send(message(alert, a)).failureIfRejected().orElseThrow();
      assertThat(f.kind()).isEqualTo(Failure.Kind.PERMANENT);
      assertThat(f.fault()).isEqualTo(Failure.Fault.CONTENT);
      assertThat(f.reason()).contains("at most 100 bytes");
      assertThat(emulator.requestCount()).isZero();
    }
  }

  @Test
  void sandboxModeIsAcceptedAndMarked() {
    // Given a provider in sandbox mode
    try (ChannelProvider sandbox = SendGridProviders.email(config(emulator).sandbox(true).build())) {
      Recipient a = recipient("a");

      // When a mail is sent
      SendResult result = sandbox.send(message(alert(a).build(), a));

      // Then it is accepted with status "sandbox" and the emulator stored nothing
      assertThat(result).isInstanceOf(SendResult.Accepted.class);
      assertThat(((SendResult.Accepted) result).providerStatus()).contains(SendGridProviders.STATUS_SANDBOX);
      assertThat(((SendResult.Accepted) result).providerMessageId()).isEmpty();
      assertThat(emulator.sandboxCount()).isEqualTo(1);
      assertThat(emulator.mails()).isEmpty();
    }
  }

  @Test
  void acceptsA202WithoutMessageId() {
    // Given SendGrid answers 202 without X-Message-Id
    emulator.failNext(SendGridEmulator.Behavior.acceptedWithoutMessageId());
    Recipient a = recipient("a");

    // When sent, then accepted without an id
    SendResult result = provider.send(message(alert(a).build(), a));
    assertThat(result).isInstanceOf(SendResult.Accepted.class);
    assertThat(((SendResult.Accepted) result).providerMessageId()).isEmpty();
    assertThat(((SendResult.Accepted) result).providerStatus()).contains("accepted");
  }
}
