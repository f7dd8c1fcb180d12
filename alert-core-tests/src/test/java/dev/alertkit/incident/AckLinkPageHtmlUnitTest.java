package dev.alertkit.incident;

import static dev.alertkit.testkit.IncidentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The signed-link page in HtmlUnit, JavaScript off: GET only confirms, the POST button acknowledges once. */
class AckLinkPageHtmlUnitTest {
  final AckLinkFixture f = new AckLinkFixture();
  final WebClient browser = new WebClient();

  AckLinkPageHtmlUnitTest() {
    browser.getOptions().setJavaScriptEnabled(false);
    browser.getOptions().setCssEnabled(false);
    browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
  }

  @AfterEach
  void close() {
    browser.close();
    f.close();
  }

  @Test
  void openingTheLinkShowsAConfirmationPageAndChangesNothing() throws Exception {
    HtmlPage page = browser.getPage(f.link());
    browser.getPage(f.link()); // a mail scanner opens it too

    assertThat(page.getWebResponse().getStatusCode()).isEqualTo(200);
    assertThat(page.getTitleText()).isEqualTo("Acknowledge this alert?");
    assertThat(page.asNormalizedText()).contains("db-1 down");
    assertThat(page.getElementsByTagName("script")).isEmpty();
    assertThat(page.getHtmlElementById("ack").getAttribute("type")).isEqualTo("submit");
    assertThat(f.incident).isTriggered();
  }

  @Test
  void theButtonAcknowledgesOnceAndTheLinkCannotBeUsedAgain() throws Exception {
    HtmlPage confirm = browser.getPage(f.link());
    HtmlPage done = confirm.getHtmlElementById("ack").click();

    assertThat(done.getTitleText()).isEqualTo("Acknowledged");
    assertThat(f.incident).isAcknowledgedBy("alice").via(AckChannel.LINK).atStep(1);
    f.clock.advance(Duration.ofHours(1));

    HtmlPage again = confirm.getHtmlElementById("ack").click(); // the old page's form, submitted again
    HtmlPage reopened = browser.getPage(f.link());
    assertThat(again.getWebResponse().getStatusCode()).isEqualTo(409);
    assertThat(again.getTitleText()).isEqualTo("Link already used");
    assertThat(reopened.getTitleText()).isEqualTo("Already acknowledged");
    assertThat(reopened.getElementsByTagName("form")).isEmpty();
    assertThat(f.client.incidents().find("inc-1").orElseThrow().timeline())
        .filteredOn(e -> e.type() == TimelineEntry.Type.ACKNOWLEDGED).hasSize(1);
  }

  @Test
  void anExpiredLinkGetsAClearPageAndNoStateChange() throws Exception {
    HtmlPage confirm = browser.getPage(f.link());
    f.clock.advance(Duration.ofHours(24));

    HtmlPage expired = confirm.getHtmlElementById("ack").click();

    assertThat(expired.getWebResponse().getStatusCode()).isEqualTo(410);
    assertThat(expired.getTitleText()).isEqualTo("Link expired");
    assertThat(f.incident.state()).isNotEqualTo(IncidentState.ACKNOWLEDGED);
  }

  @Test
  void aTamperedOrMissingTokenGetsAClearPageAndNoStateChange() throws Exception {
    String link = f.link();
    int i = link.indexOf("t=") + 2;
    String tampered = link.substring(0, i) + (link.charAt(i) == 'A' ? 'B' : 'A') + link.substring(i + 1);
    WebRequest forgedPost = new WebRequest(new java.net.URL(link.substring(0, link.indexOf('?'))), HttpMethod.POST);
    forgedPost.setRequestBody("t=forged");

    HtmlPage page = browser.getPage(tampered);
    Page post = browser.getPage(forgedPost);

    assertThat(page.getWebResponse().getStatusCode()).isEqualTo(403);
    assertThat(page.getTitleText()).isEqualTo("Link not valid");
    assertThat(post.getWebResponse().getStatusCode()).isEqualTo(403);
    assertThat(f.incident).isTriggered();
  }
}
