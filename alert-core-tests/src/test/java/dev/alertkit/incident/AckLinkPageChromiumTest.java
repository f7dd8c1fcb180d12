package dev.alertkit.incident;

import static dev.alertkit.testkit.IncidentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The signed-link page in a real headless Chromium on a phone-sized window (runs when {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver} exist; Selenium Manager is never asked to download anything). Leaves a screenshot in
 * {@code target/ack-page.png} (the one in {@code docs/img/} came from here).
 */
@EnabledIf("chromiumInstalled")
class AckLinkPageChromiumTest {
  static final File CHROMIUM = new File("/usr/bin/chromium");
  static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  final AckLinkFixture f = new AckLinkFixture();
  ChromeDriver browser;

  static boolean chromiumInstalled() {
    return CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.quit();
    }
    f.close();
  }

  @Test
  void getShowsTheConfirmationPageAndOnlyThePostButtonAcknowledges(@TempDir Path profile) throws Exception {
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=390,844", "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);

    browser.get(f.link());
    assertThat(browser.getTitle()).isEqualTo("Acknowledge this alert?");
    assertThat(f.incident).isTriggered();
    Path shot = Path.of("target", "ack-page.png");
    Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));

    browser.findElement(By.id("ack")).click();

    // The click submits the form; the browser navigates on its own schedule: wait (bounded) for the answer page.
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.titleIs("Acknowledged"));
    assertThat(browser.getTitle()).isEqualTo("Acknowledged");
    assertThat(f.incident).isAcknowledgedBy("alice").via(AckChannel.LINK);
    assertThat(Files.size(shot)).isGreaterThan(1_000);
  }
}
