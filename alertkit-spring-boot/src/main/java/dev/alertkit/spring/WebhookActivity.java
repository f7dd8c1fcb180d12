package dev.alertkit.spring;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The last webhook request each provider sent to the mounted endpoints, for the health indicator. */
public final class WebhookActivity {
  private final Clock clock;
  private final Map<String, Seen> last = new ConcurrentHashMap<>();

  /**
   * Creates the record.
   *
   * @param clock stamps each request
   */
  public WebhookActivity(Clock clock) {
    this.clock = clock;
  }

  /**
   * One request was answered.
   *
   * @param provider "twilio" or "sendgrid"
   * @param status the HTTP status answered
   */
  public void record(String provider, int status) {
    last.put(provider, new Seen(clock.instant(), status));
  }

  /** @return the last request per provider */
  public Map<String, Seen> last() {
    return new TreeMap<>(last);
  }

  /**
   * A request as the health indicator shows it.
   *
   * @param at when it was answered
   * @param status the HTTP status answered (403 = signature rejected)
   */
  public record Seen(Instant at, int status) {}
}
