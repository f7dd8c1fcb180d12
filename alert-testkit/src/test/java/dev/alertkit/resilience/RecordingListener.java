package dev.alertkit.resilience;

import dev.alertkit.Alert;
import dev.alertkit.AlertListener;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.spi.Failure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records resilience events as readable lines. */
final class RecordingListener implements AlertListener {
  private final List<String> events = new ArrayList<>();

  synchronized List<String> events() {
    return List.copyOf(events);
  }

  synchronized List<String> eventsStartingWith(String prefix) {
    return events.stream().filter(e -> e.startsWith(prefix)).toList();
  }

  private synchronized void add(String e) {
    events.add(e);
  }

  @Override
  public void onRetryScheduled(Alert alert, Recipient recipient, Channel channel, String provider, Failure failure, Duration delay) {
    add("retry " + provider + " " + recipient.id() + " in " + delay + " after " + failure.kind());
  }

  @Override
  public void onRetrySkipped(Alert alert, Recipient recipient, Channel channel, String provider, Failure failure, String reason) {
    add("no-retry " + provider + " " + recipient.id() + ": " + reason);
  }

  @Override
  public void onRateLimited(Alert alert, Recipient recipient, Channel channel, String provider, String sender, Duration wait) {
    add("rate-limited " + provider + " " + sender + " " + recipient.id() + " waits " + wait);
  }

  @Override
  public void onCircuitStateChanged(String provider, String state) {
    add("circuit " + provider + " " + state);
  }

  @Override
  public void onFallback(Alert alert, Recipient recipient, int fromTier, int toTier) {
    add("fallback " + recipient.id() + " " + fromTier + "->" + toTier);
  }
}
